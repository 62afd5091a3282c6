import Taro from '@tarojs/taro';
import { ApiError, problemWords, createClient, type RouteInput, type RouteOutput, type RouteSpec, type Transport } from '@cc/shared';
import { appConfig } from './config';
import { clearToken, getToken, goLogin } from './session';

type TaroMethod = keyof Taro.request.Method;

/**
 * One transport for both targets: Taro.request is wx.request on weapp and fetch on H5.
 * wx.request has no PATCH, so on weapp a PATCH goes out as POST with X-HTTP-Method-Override
 * (the API has to honour that header for weapp clients).
 */
export const taroTransport: Transport = async (req) => {
  const header: Record<string, string> = { ...req.headers };
  let method = req.method;
  if (process.env.TARO_ENV !== 'h5' && method === 'PATCH') {
    header['x-http-method-override'] = 'PATCH';
    method = 'POST';
  }
  const res = await Taro.request<unknown>({
    url: req.url,
    method: method as TaroMethod,
    header,
    // A photo's bytes go out as an ArrayBuffer (what wx.request sends raw); JSON as text.
    data: req.body instanceof Uint8Array ? req.body.slice().buffer : req.body,
    dataType: 'json',
    timeout: 15000,
  });
  return { status: res.statusCode, body: res.data ?? null };
};

const client = createClient({
  baseUrl: appConfig().apiBaseUrl,
  transport: taroTransport,
  authorization: () => {
    const token = getToken();
    return token ? `Bearer ${token}` : null;
  },
});

/**
 * 401s that mean "who are you?": the session is missing, expired or revoked. Other 401s are answers
 * about something else (a wrong payment PIN is `pin_incorrect`) and must not sign the person out.
 */
const SESSION_CODES = new Set(['auth_required', 'session_invalid']);

/**
 * Calls one API route through the typed client. A 401 on a signed-in route that says the session
 * expired or was revoked: forget the token and send the person to the login page.
 */
export async function call<S extends RouteSpec>(route: S, input: RouteInput<S>): Promise<RouteOutput<S>> {
  try {
    return await client.call(route, input);
  } catch (error) {
    if (error instanceof ApiError && error.status === 401 && route.access.kind === 'user' && SESSION_CODES.has(error.code)) {
      clearToken();
      goLogin();
    }
    throw error;
  }
}

/** What to show a person for a failed call: the server's Chinese title, never a raw error. */
/** What went wrong, in the plain words every page uses (packages/shared problem-words). */
export function errorMessage(error: unknown): string {
  return problemWords(error);
}
