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
  };
}
