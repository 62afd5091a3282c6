import type { ReactNode } from 'react';
import Taro from '@tarojs/taro';
import { View, Text } from '@tarojs/components';
import { Button, Cell, CellGroup, Progress } from '@nutui/nutui-react-taro';
import { Add, Order, Refresh, ShieldCheck, Warning } from '@nutui/icons-react-taro';
import { formatFen, type Wallet } from '@cc/shared';
import { Notice } from '../../ui';
import { CARD_TYPE_NAMES, WALLET_PAGES, cardState } from '../lib';

const BRAND = 'var(--cc-color-brand)';
const OFF = 'var(--cc-color-text-disabled)';
const go = (url: string) => void Taro.navigateTo({ url });

/** One wallet action: a real button (focusable, Enter/Space, read out with its description). */
function Action(props: { name: string; icon: ReactNode; title: string; desc: string; disabled?: boolean; url: string }) {
  const { name, icon, title, desc, disabled = false, url } = props;
  return (
    <button
      type="button"
      className={`wallet-action wallet-action--${name} ${disabled ? 'wallet-action--disabled' : ''}`}
      data-testid={`wallet-action-${name}`}
      aria-disabled={disabled}
      onClick={() => {
        if (!disabled) go(url);
      }}
    >
      {icon}
      <View className="wallet-action__text">
        <Text className="wallet-action__title">{title}</Text>
        <Text className="wallet-action__desc">{desc}</Text>
      </View>
    </button>
  );
}

export function BalanceCard({ wallet }: { wallet: Wallet }) {
  const { card } = wallet;
  const state = card ? cardState(card) : null;
  return (
    <View className="wallet-balance">
      <Text className="wallet-balance__label">钱包余额</Text>
      <Text className="wallet-balance__amount" data-testid="wallet-balance">
        {formatFen(wallet.balance_fen)}
      </Text>
      <View className="wallet-balance__card">
        <Text className="wallet-card-line" data-testid="wallet-card-line">
          {card ? `市民卡 尾号 ${card.last4} · ${CARD_TYPE_NAMES[card.card_type]} · ${card.holder_name_masked}` : '尚未绑定市民卡'}
        </Text>
        {/* White on the green card: the words carry the state, the colour only repeats it. */}
        {state && (
          <Text className={`wallet-card-state wallet-card-state--${state.tone}`} data-testid="wallet-card-state">
            {state.text}
          </Text>
        )}
      </View>
    </View>
  );
}

/** A step the person should take first, as the kit's notice with its button. */
function ActionNotice(props: { title: string; text: string; action: string; url: string; danger?: boolean }) {
  return (
    <Notice tone={props.danger ? 'danger' : 'warning'} title={props.title} testid="wallet-notice">
      <Text>{props.text}</Text>
      <View className="cc-notice__actions">
        <Button type="primary" data-testid="wallet-notice-action" onClick={() => go(props.url)}>
          {props.action}
        </Button>
      </View>
    </Notice>
  );
}

/** What the person should do first: bind a card, reissue a frozen one, set the PIN. */
export function Notices({ wallet }: { wallet: Wallet }) {
  const { card } = wallet;
  if (!card) {
    const text = '绑定后可以微信充值、在社区商店付款，也可以在社区终端刷卡查询余额。';
    return <ActionNotice title="绑定市民卡，开通钱包" text={text} action="绑定市民卡" url={WALLET_PAGES.bind} />;
  }
  if (card.status === 'frozen') {
    const text = '冻结期间不能支付，也不能在社区终端登录。余额会保留，补办新卡后转入新卡。';
    return <ActionNotice danger title="这张卡已挂失冻结" text={text} action="补卡" url={WALLET_PAGES.card} />;
  }
  if (card.status === 'active' && !card.pin_set) {
    const text = '超过免密额度的付款和社区终端登录都需要 6 位支付密码。';
    return <ActionNotice title="请设置支付密码" text={text} action="设置支付密码" url={WALLET_PAGES.pin} />;
  }
  return null;
}

export function Actions({ wallet }: { wallet: Wallet }) {
  const { card } = wallet;
  const active = card?.status === 'active';
  const why = !card ? '需先绑定市民卡' : '卡片冻结中';
  return (
    <View className="wallet-actions">
      <Action
        name="topup"
        icon={<Add size={28} color={active ? BRAND : OFF} />}
        title="充值"
        desc={active ? '微信支付' : why}
        disabled={!active}
        url={WALLET_PAGES.topup}
      />
      <Action name="statement" icon={<Order size={28} color={BRAND} />} title="账单" desc="收支明细" url={WALLET_PAGES.statement} />
      <Action
        name="pin"
        icon={<ShieldCheck size={28} color={active ? BRAND : OFF} />}
        title={card?.pin_set ? '修改支付密码' : '设置支付密码'}
        desc={active ? '6 位数字' : why}
        disabled={!active}
        url={WALLET_PAGES.pin}
      />
      {card?.status === 'frozen' ? (
        <Action name="reissue" icon={<Refresh size={28} color={BRAND} />} title="补卡" desc="余额转入新卡" url={WALLET_PAGES.card} />
      ) : (
        <Action
          name="lost"
          icon={<Warning size={28} color={active ? 'var(--cc-tone-danger)' : OFF} />}
          title="挂失"
          desc={!card ? why : '立即冻结'}
          disabled={!active}
          url={WALLET_PAGES.card}
        />
      )}
    </View>
  );
}

export function Limits({ wallet }: { wallet: Wallet }) {
  const { limits } = wallet;
  const usedPercent = limits.daily_cap_fen > 0 ? Math.min(100, Math.round((limits.spent_today_fen * 100) / limits.daily_cap_fen)) : 0;
  return (
    <>
      <View className="section-title">
        <Text>今日额度</Text>
      </View>
      <CellGroup>
        <Cell
          className="wallet-limit"
          title="免密支付"
          extra={`每笔 ${formatFen(limits.pin_free_limit_fen)} 以内，每天 ${formatFen(limits.pin_free_daily_fen)}`}
        />
        <Cell
          className="wallet-limit"
          title="今日已用 / 每日限额"
          extra={`${formatFen(limits.spent_today_fen)} / ${formatFen(limits.daily_cap_fen)}`}
        />
        <View className="wallet-limits__bar" aria-hidden="true">
          <Progress percent={usedPercent} showText={false} strokeWidth="8" color={BRAND} />
        </View>
      </CellGroup>
      {!wallet.card && <Text className="muted">绑定市民卡后，超过免密额度的付款需要输入支付密码。</Text>}
    </>
  );
}
