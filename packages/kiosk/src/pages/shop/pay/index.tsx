import { Frame, LoadingView } from '../../../ui';
import { moneySaid } from '../words';
import { Confirming, ConfirmPay, NotCharged, Paid, PinPay } from './sections';
import { usePay, type PayState } from './usePay';
import '../shop.css';

function speechFor(s: PayState): string {
  switch (s.kind) {
    case 'placing':
      return '正在下单，请稍候。';
    case 'confirm':
    case 'paying':
      return `${s.checkout.delivery_words}。一共${moneySaid(s.checkout.total_fen)}，从市民卡付款。请点确认付款。`;
    case 'pin':
      return `${s.trouble ? `${s.trouble}。` : ''}${s.checkout.delivery_words}。一共${moneySaid(s.checkout.total_fen)}，请输入密码，然后点确认。`;
    case 'paid':
      return `付款成功。一共${moneySaid(s.checkout.total_fen)}，卡里还有${moneySaid(s.checkout.balance_fen)}。`;
    case 'not_charged':
      return `没有扣款。${s.reason}。`;
    case 'confirming':
      if (s.sessionOver) return '正在确认。登录已经结束，请重新刷卡，不会重复扣款。';
      // Past the deadline the words say what to do, as the screen does, not only to wait.
      return s.stuck
        ? '正在确认。网络一直没有接通，还不知道扣款了没有。终端会一直自动确认，不会重复扣款。可以点再试一次，也可以请服务站工作人员帮忙。'
        : '正在确认这笔付款，请稍等，不会重复扣款。';
  }
}

/** 付款: the bill in words, 确认付款 (or the PIN pad), then 付款成功 / 没有扣款 / 正在确认, written and spoken. */
export default function ShopPayPage() {
  const { state, pay, retry } = usePay();
  return (
    <Frame title="付款" speech={speechFor(state)}>
      {state.kind === 'placing' && <LoadingView text="正在下单…" />}
      {(state.kind === 'confirm' || state.kind === 'paying') && (
        <ConfirmPay checkout={state.checkout} busy={state.kind === 'paying'} onPay={() => pay()} />
      )}
      {state.kind === 'pin' && <PinPay checkout={state.checkout} trouble={state.trouble} onPay={(pin) => pay(pin)} />}
      {state.kind === 'paid' && <Paid checkout={state.checkout} />}
      {state.kind === 'not_charged' && <NotCharged reason={state.reason} />}
      {state.kind === 'confirming' && <Confirming stuck={state.stuck} sessionOver={state.sessionOver} onRetry={() => void retry()} />}
    </Frame>
  );
}
