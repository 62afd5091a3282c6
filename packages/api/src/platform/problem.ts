import type { Problem } from '@cc/shared';

type FieldError = NonNullable<Problem['errors']>[number];

/**
 * A failure a client can act on. `code` is stable and documented; `title` is the Chinese message a person reads.
 * Thrown anywhere, turned into application/problem+json by the error middleware.
 */
export class AppError extends Error {
  constructor(
    readonly status: number,
    readonly code: string,
    readonly title: string,
    readonly extra: { detail?: string; errors?: FieldError[]; headers?: Record<string, string> } = {},
  ) {
    super(`${code}: ${title}`);
    this.name = 'AppError';
  }
}

export const badRequest = (code: string, title: string, errors?: FieldError[]) => new AppError(400, code, title, { errors });
export const unauthorized = (code: string, title: string) => new AppError(401, code, title);
export const forbidden = (code: string, title: string) => new AppError(403, code, title);
export const notFound = (code: string, title: string) => new AppError(404, code, title);
export const conflict = (code: string, title: string) => new AppError(409, code, title);

/**
 * The database or Redis did not answer within its bound: the request may be retried after `retry_after_s`. Nothing
 * the client did is wrong, and a keyed request (Idempotency-Key) retried with the same key is safe.
 */
export const dependencyUnavailable = (retry_after_s: number) =>
  new AppError(503, 'dependency_unavailable', '服务暂时不可用，请稍后重试', { headers: { 'Retry-After': String(retry_after_s) } });

export function toProblem(err: AppError, instance: string, requestId: string): Problem {
  return {
    type: `/api/problems/${err.code}`,
    title: err.title,
    status: err.status,
    code: err.code,
    ...(err.extra.detail ? { detail: err.extra.detail } : {}),
    instance,
    request_id: requestId,
    ...(err.extra.errors ? { errors: err.extra.errors } : {}),
  };
}
