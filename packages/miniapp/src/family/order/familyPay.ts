import { useState } from 'react';
import type { ProxyOrderToPay } from '@cc/shared';
import { appConfig } from '../../config';
import { payInSimulator, payInWechat } from '../../wallet/topup/pay';

const NOT_PAID = '微信支付没有完成，请稍后再试。';

/**
 * 我来付: the family member pays the proxy order at once — WeChat Pay's sheet in the mini-program; on the H5 demo the
 * shop's simulator sheet (wallet/wechat-sim), confirmed by the person, after which the simulator notifies the API as
 * WeChat Pay would. Not paid, the order stays unpaid: 我为家人下的单 shows it, and the elder does not see it until paid.
 */
export function useFamilyWechatPay(deps: { onPaid: () => void; setError: (e: string | null) => void; setBusy: (b: boolean) => void }) {
  const [sim, setSim] = useState<{ prepay_id: string; amount_fen: number } | null>(null);
  const { wechatPaySimUrl } = appConfig();

  /** After placing: paid (or nothing to pay) → onPaid; the H5 demo waits for the sheet's confirmation. */
  async function pay(placed: ProxyOrderToPay): Promise<void> {
    if (!placed.wechat_pay) return deps.onPaid();
    const params = placed.wechat_pay.pay_params;
    if (wechatPaySimUrl) return setSim({ prepay_id: params.package.replace(/^prepay_id=/, ''), amount_fen: placed.total_fen });
    const unpaid = await payInWechat(params);
    if (unpaid) return deps.setError(unpaid);
    deps.onPaid();
  }

  async function confirmSimulated(): Promise<void> {
    if (!sim || !wechatPaySimUrl) return;
    deps.setBusy(true);
    deps.setError(null);
    try {
      await payInSimulator(wechatPaySimUrl, sim.prepay_id);
      setSim(null);
      deps.onPaid();
    } catch {
      deps.setError(NOT_PAID);
    } finally {
      deps.setBusy(false);
    }
  }

  return { sim, pay, confirmSimulated };
}
