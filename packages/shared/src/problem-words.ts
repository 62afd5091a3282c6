/**
 * One error presenter for every page of both front ends (issue 12 item 7): what went wrong, in plain words, the same
 * on every page. A problem the API explains (4xx) keeps its own Chinese title, which names the cause and what to
 * do; the generic cases get one wording each instead of every page inventing its own.
 */
import { ApiError } from './client';

export const PROBLEM_WORDS = {
  /** No answer at all: the request never reached the API (offline, DNS, a timeout). */
  network: '网络连接失败，请检查网络后重试',
  /** 429 from the general rate limit. */
  rate_limited: '请求太频繁，请稍等几秒再试',
  /** 401: the session ended. */
  unauthenticated: '登录已过期，请重新登录',
  /** 5xx: our fault, not theirs. */
  server: '服务暂时不可用，请稍后再试',
} as const;

/** The API's codes for "no valid session" (platform/auth). */
const SESSION_ENDED = new Set(['auth_required', 'session_invalid']);

export function problemWords(error: unknown): string {
  if (!(error instanceof ApiError)) return PROBLEM_WORDS.network;
  if (error.code === 'rate_limited') return PROBLEM_WORDS.rate_limited;
  // Only a session that ended gets the generic words; other 401s explain themselves (密码错误，还可以再试 4 次).
  if (error.status === 401 && SESSION_ENDED.has(error.code)) return PROBLEM_WORDS.unauthenticated;
  if (error.status >= 500) return PROBLEM_WORDS.server;
  return error.problem.title;
}
