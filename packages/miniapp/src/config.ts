/**
 * Where the API (and, for the H5 demo login, the WeChat simulator) live.
 * H5: read at run time from window.__CC_CONFIG__, which /runtime-config.js sets, so one build
 * runs on any port. weapp: fixed at build time (API_BASE_URL env, see config/index.ts).
 */
export interface AppConfig {
  apiBaseUrl: string;
  /** Only set on H5 demo deployments: the local WeChat simulator that hands out login codes. */
  wechatSimUrl: string | null;
  /**
   * Only set on H5 demo deployments: the local WeChat Pay simulator. H5 has no wx.requestPayment, so a
   * top-up is paid there ("模拟支付") instead.
   */
  wechatPaySimUrl: string | null;
}

export function appConfig(): AppConfig {
  if (process.env.TARO_ENV === 'h5') {
    const runtime = typeof window !== 'undefined' ? (window.__CC_CONFIG__ ?? {}) : {};
    return {
      apiBaseUrl: runtime.apiBaseUrl || window.location.origin,
      wechatSimUrl: runtime.wechatSimUrl || null,
      wechatPaySimUrl: runtime.wechatPaySimUrl || null,
    };
  }
  return { apiBaseUrl: API_BASE_URL, wechatSimUrl: null, wechatPaySimUrl: null };
}
