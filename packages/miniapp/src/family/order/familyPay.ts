import type { ProxyOrderToPay } from '@cc/shared';
import { appConfig } from '../../config';
import { payInSimulator, payInWechat } from '../../wallet/topup/pay';

/**
 * 我来付: the family member pays the proxy order at once — WeChat Pay's sheet in the mini-program, the local simulator
 * on the H5 demo (it notifies the API as WeChat Pay would). Answers null when paid, else the words for the person
 * (the order stays, unpaid; 我为家人下的单 shows it, and the elder does not see it until it is paid).
 */
export async function payForFamily(placed: ProxyOrderToPay): Promise<string | null> {
  if (!placed.wechat_pay) return null;
  const params = placed.wechat_pay.pay_params;
  const { wechatPaySimUrl } = appConfig();
  if (!wechatPaySimUrl) return payInWechat(params);
  try {
    await payInSimulator(wechatPaySimUrl, params.package.replace(/^prepay_id=/, ''));
    return null;
  } catch {
    return '微信支付没有完成，请稍后再试。';
  }
}
