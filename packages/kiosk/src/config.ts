/**
 * Runtime configuration from /runtime-config.js (window.__CC_CONFIG__), written by whoever serves
 * the build, so one build runs against any API address.
 */
export interface KioskConfig {
  apiBaseUrl: string;
  /** Seconds without a touch or key before the "还在使用吗" warning. */
  idleWarnSeconds: number;
  /** Seconds the warning stays up (with a countdown) before the screen resets. */
  idleGraceSeconds: number;
  /**
   * The same two while a card is in use (PIN, balance, purchases, the person's calls): her private screens must not
   * stay up long after she walks away, so they are shorter (never longer than the general ones).
   */
  privateIdleWarnSeconds: number;
  privateIdleGraceSeconds: number;
}

function seconds(value: string | undefined, fallback: number): number {
  const n = Number(value);
  return Number.isFinite(n) && n > 0 ? n : fallback;
}

export function kioskConfig(): KioskConfig {
  const runtime = window.__CC_CONFIG__ ?? {};
  return {
    apiBaseUrl: runtime.apiBaseUrl || window.location.origin,
    idleWarnSeconds: seconds(runtime.idleWarnSeconds, 90),
    idleGraceSeconds: seconds(runtime.idleGraceSeconds, 30),
    privateIdleWarnSeconds: Math.min(seconds(runtime.idleWarnSeconds, 90), seconds(runtime.privateIdleWarnSeconds, 30)),
    privateIdleGraceSeconds: Math.min(seconds(runtime.idleGraceSeconds, 30), seconds(runtime.privateIdleGraceSeconds, 15)),
  };
}
