import { pino, type Logger } from 'pino';

/**
 * Structured logs. Secrets never reach them: request bodies are not logged, and these paths are censored
 * wherever a caller passes them in a log object.
 */
export const REDACT_PATHS = [
  'token',
  '*.token',
  'authorization',
  '*.authorization',
  'headers.authorization',
  'req.headers.authorization',
  'phone',
  '*.phone',
  'card_number',
  '*.card_number',
  'pin',
  '*.pin',
  'secret',
  '*.secret',
  'terminal_secret',
  '*.terminal_secret',
  'access_token',
  '*.access_token',
  'api_key',
  '*.api_key',
];

export function createLogger(level: string, destination?: pino.DestinationStream): Logger {
  return pino({ level, redact: { paths: REDACT_PATHS, censor: '[redacted]' }, base: { service: 'api' } }, destination);
}

/** Query parameters that carry credentials are cut from logged URLs. */
export function safeUrl(url: string): string {
  return url.replace(/([?&](?:api_key|token|access_token|code|terminal_secret)=)[^&]*/gi, '$1[redacted]');
}
