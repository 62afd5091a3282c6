import { useState } from 'react';
import type { KioskCheckout } from '@cc/shared';
import { CardIcon, CheckCircleIcon, HomeIcon, InfoIcon, RetryIcon } from '../../../components/Icons';
import { cardUrl, goHome, PAGES, replace } from '../../../nav';
import { BigButton, Notice, Panel, PinDots, PinPad } from '../../../ui';
import { itemsLine, money } from '../words';

const PIN_LENGTH = 6;

/** What is bought, where it goes (in words), the total, and the card's balance before and after. */
export function Bill({ checkout, after }: { checkout: KioskCheckout; after: boolean }) {
  const balanceAfter = after ? checkout.balance_fen : checkout.balance_fen - checkout.total_fen;
  return (
    <section className="shop-bill" data-testid="shop-bill">
      <p className="shop-bill__items">{itemsLine(checkout.lines)}</p>
      <p className="shop-bill__delivery" data-testid="delivery-words">
        <InfoIcon size={36} /> {checkout.delivery_words}
      </p>
      <p className="shop-bill__total">
        共 <strong data-testid="bill-total">{money(checkout.total_fen)}</strong>
      </p>
      <p className="shop-bill__balance" data-testid="balance-after">
        {after ? '卡里还有' : '付款后卡里还有'} {money(balanceAfter)}
      </p>
    </section>
  );
}

/** 确认付款: one large press (PIN-free payments). */
export function ConfirmPay({ checkout, busy, onPay }: { checkout: KioskCheckout; busy: boolean; onPay: () => void }) {
  return (
    <>
      <Bill checkout={checkout} after={false} />
      <BigButton
        tone="primary"
        wide
        testid="pay"
        disabled={busy}
        icon={<CheckCircleIcon size={44} />}
        label={busy ? '正在付款…' : `确认付款 ${money(checkout.total_fen)}`}
        onClick={onPay}
      />
    </>
  );
}

/** Above the PIN-free limit: the bill and the PIN pad (the digits stay on this screen, never stored). */
export function PinPay(props: { checkout: KioskCheckout; trouble: string | null; onPay: (pin: string) => void }) {
  const [digits, setDigits] = useState('');
  return (
    <div className="shop-pin">
      <div>
        <Bill checkout={props.checkout} after={false} />
        {props.trouble && (
          <Notice tone="warn" testid="pin-trouble">
            {props.trouble}
          </Notice>
        )}
        <p className="panel__text">超过免密额度，请输入 6 位密码，然后点“确认”</p>
        <PinDots length={PIN_LENGTH} filled={digits.length} />
      </div>
      <PinPad
        length={PIN_LENGTH}
        filled={digits.length}
        busy={false}
        onDigit={(d) => setDigits((s) => (s.length < PIN_LENGTH ? s + d : s))}
        onDelete={() => setDigits((s) => s.slice(0, -1))}
        onConfirm={() => props.onPay(digits)}
      />
    </div>
  );
}

export function Paid({ checkout }: { checkout: KioskCheckout }) {
  return (
    <Panel center icon={<CheckCircleIcon size={120} />} iconTone="ok" testid="shop-paid" role="status">
      <p className="panel__title">付款成功</p>
      <Bill checkout={checkout} after />
      <p className="panel__text">订单号 {checkout.numbers.join('、')}</p>
      <BigButton wide icon={<HomeIcon size={40} />} label="好的，回首页" onClick={goHome} />
    </Panel>
  );
}

export function NotCharged({ reason }: { reason: string }) {
  return (
    <Panel center testid="shop-not-charged">
      <Notice title="没有扣款">
        <p>{reason}</p>
      </Notice>
      <BigButton tone="primary" wide icon={<RetryIcon size={40} />} label="回到买菜" onClick={() => replace(PAGES.shop)} />
    </Panel>
  );
}

/** 正在确认: in words what is going on and that nothing is charged twice; never a bare spinner. */
export function Confirming(props: { stuck: boolean; sessionOver: boolean; onRetry: () => void }) {
  const { stuck, sessionOver } = props;
  return (
    <Panel center live="polite" testid="shop-confirming">
      <p className="panel__title">正在确认</p>
      <p className="panel__text">
        {sessionOver
          ? '登录已经结束，这笔付款还在确认。请重新刷卡，终端会接着确认，不会重复扣款。'
          : stuck
            ? '网络一直没有接通，还不知道扣款了没有。终端会一直自动确认，不会重复扣款；也可以请服务站工作人员帮忙。'
            : '网络不稳定，正在确认这笔付款，请稍等。不会重复扣款。'}
      </p>
      {sessionOver ? (
        <BigButton tone="primary" wide icon={<CardIcon size={40} />} label="重新刷卡" onClick={() => replace(cardUrl('shop'))} />
      ) : (
        stuck && <BigButton tone="primary" wide testid="retry" icon={<RetryIcon size={40} />} label="再试一次" onClick={props.onRetry} />
      )}
    </Panel>
  );
}
