import axios, { type AxiosInstance } from 'axios';
import type { Redis } from 'ioredis';
import { AppError } from '../platform/problem';

/** WeChat's error payload: HTTP 200 with a non-zero errcode. */
type WechatReply = { errcode?: number; errmsg?: string };

const unavailable = () => new AppError(503, 'wechat_unavailable', '微信服务暂时不可用，请稍后再试');

function codeError(errcode: number | undefined): AppError {
  switch (errcode) {
    case 40029:
      return new AppError(400, 'wechat_code_invalid', '登录凭证无效或已过期，请重新进入');
    case 40163:
      return new AppError(400, 'wechat_code_used', '登录凭证已被使用，请重新进入');
    case 45011:
      return new AppError(429, 'wechat_rate_limited', '操作太频繁，请稍后再试', { headers: { 'Retry-After': '60' } });
    default:
      return unavailable();
  }
}

/**
 * A request that could not even be built from what the client sent (a lone surrogate cannot be put in a URL): bad
 * input, not an outage — WeChat was never asked.
 */
const unbuildable = () => new AppError(400, 'wechat_code_invalid', '登录凭证无效或已过期，请重新进入');

type ClientOpts = { baseUrl: string; appid: string; secret: string; redis: Redis };

async function request<T extends WechatReply>(fn: () => Promise<{ status: number; data: T }>): Promise<T> {
  let res: { status: number; data: T };
  try {
    res = await fn();
  } catch (err) {
    // An axios error without a request failed while building it (the URL or body from our input), before any network.
    if (axios.isAxiosError(err) && !err.request) throw unbuildable();
    // Network failure. The axios error carries the URL (with access_token), so it is not logged.
    throw unavailable();
  }
  if (res.status !== 200 || typeof res.data !== 'object' || res.data === null) throw unavailable();
  return res.data;
}

async function accessTokenOf(opts: ClientOpts, http: AxiosInstance, forceRefresh = false): Promise<string> {
  const cacheKey = 'wechat:access_token';
  if (!forceRefresh) {
    const cached = await opts.redis.get(cacheKey);
    if (cached) return cached;
  }
  const data = await request(() =>
    http.get<WechatReply & { access_token?: string; expires_in?: number }>('/cgi-bin/token', {
      params: { grant_type: 'client_credential', appid: opts.appid, secret: opts.secret },
    }),
  );
  if (!data.access_token) throw unavailable();
  // Refresh five minutes early so a token never expires mid-request.
  await opts.redis.set(cacheKey, data.access_token, 'EX', Math.max(60, (data.expires_in ?? 7200) - 300));
  return data.access_token;
}

/**
 * The WeChat server API (code2session, access token, phone number), behind a configurable base URL so that the
 * local simulator can stand in for it in development and tests.
 */
export function createWechatClient(opts: ClientOpts) {
  const http: AxiosInstance = axios.create({ baseURL: opts.baseUrl, timeout: 5000, validateStatus: () => true });
  const accessToken = (forceRefresh = false) => accessTokenOf(opts, http, forceRefresh);

  return {
    /** code from wx.login() → openid. */
    async code2session(code: string): Promise<{ openid: string; unionid?: string }> {
      const data = await request(() =>
        http.get<WechatReply & { openid?: string; unionid?: string; session_key?: string }>('/sns/jscode2session', {
          params: { appid: opts.appid, secret: opts.secret, js_code: code, grant_type: 'authorization_code' },
        }),
      );
      if (data.errcode || !data.openid) throw codeError(data.errcode);
      return { openid: data.openid, ...(data.unionid ? { unionid: data.unionid } : {}) };
    },

    /** code from the getPhoneNumber button → the bound phone number. */
    async phoneNumber(code: string): Promise<string> {
      for (const refresh of [false, true]) {
        const token = await accessToken(refresh);
        const data = await request(() =>
          http.post<WechatReply & { phone_info?: { purePhoneNumber?: string } }>(
            '/wxa/business/getuserphonenumber',
            { code },
            { params: { access_token: token } },
          ),
        );
        // 40001/42001: the cached access token was revoked or expired early; fetch a new one once.
        if (data.errcode === 40001 || data.errcode === 42001) continue;
        if (data.errcode || !data.phone_info?.purePhoneNumber) throw codeError(data.errcode);
        return data.phone_info.purePhoneNumber;
      }
      throw unavailable();
    },

    /**
     * A subscribe message (订阅消息) to one person. Answers instead of throwing: the caller records the outcome.
     * 43101: the person has not allowed this template (they allow it in the mini-program, one message per consent).
     */
    async sendSubscribeMessage(msg: {
      openid: string;
      template_id: string;
      page: string;
      data: Record<string, { value: string }>;
    }): Promise<'sent' | 'refused' | 'failed'> {
      for (const refresh of [false, true]) {
        let data: WechatReply;
        try {
          const token = await accessToken(refresh);
          data = await request(() =>
            http.post<WechatReply>(
              '/cgi-bin/message/subscribe/send',
              {
                touser: msg.openid,
                template_id: msg.template_id,
                page: msg.page,
                data: msg.data,
                miniprogram_state: 'formal',
                lang: 'zh_CN',
              },
              { params: { access_token: token } },
            ),
          );
        } catch {
          return 'failed';
        }
        if (data.errcode === 40001 || data.errcode === 42001) continue;
        if (!data.errcode) return 'sent';
        return data.errcode === 43101 ? 'refused' : 'failed';
      }
      return 'failed';
    },
  };
}
export type WechatClient = ReturnType<typeof createWechatClient>;
