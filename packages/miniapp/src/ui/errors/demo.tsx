import { ApiError } from '@cc/shared';
import { ErrorNotice } from './index';

/** A failure in the same words everywhere: network, rate limit, with a retry. */
export function Demo() {
  const network = new ApiError({ type: 'about:blank', title: '网络连接失败，请稍后再试', status: 0, code: 'network_error' });
  const limited = new ApiError({ type: 'about:blank', title: 'Too Many Requests', status: 429, code: 'rate_limited' });
  return (
    <>
      <ErrorNotice error={network} onRetry={() => undefined} />
      <ErrorNotice error={limited} title="没能提交" />
    </>
  );
}
