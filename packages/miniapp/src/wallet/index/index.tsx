import { useCallback, useState, type ReactNode } from 'react';
import Taro, { useDidShow, usePullDownRefresh } from '@tarojs/taro';
import { View, Text } from '@tarojs/components';
import { Button, Cell, CellGroup, Progress } from '@nutui/nutui-react-taro';
import { Add, Order, Refresh, ShieldCheck, Warning } from '@nutui/icons-react-taro';
import { formatFen, routes, type Wallet } from '@cc/shared';
import { call, errorMessage } from '../../api';
import { ErrorView, LoadingView } from '../../components/StateView';
import { CARD_TYPE_NAMES, WALLET_PAGES, cardState } from '../lib';
import '../wallet.css';
import './index.css';

type State = { kind: 'loading' } | { kind: 'error'; message: string } | { kind: 'ready'; wallet: Wallet };

function Action(props: { name: string; icon: ReactNode; title: string; desc: string; disabled?: boolean; url: string }) {
  const { name, icon, title, desc, disabled = false, url } = props;
  return (
    <View
      className={`wallet-action wallet-action--${name} ${disabled ? 'wallet-action--disabled' : ''}`}
      aria-disabled={disabled}
      onClick={() => {
        if (!disabled) void Taro.navigateTo({ url });
      }}
    >
      {icon}
      <View className="wallet-action__text">
        <Text className="wallet-action__title">{title}</Text>
        <Text className="wallet-action__desc">{desc}</Text>
      </View>
    </View>
  );
}

/** 市民卡钱包: balance, card, today's limits, and the way to every wallet action. */
export default function WalletHome() {
  const [state, setState] = useState<State>({ kind: 'loading' });

  const load = useCallback(async () => {
    setState((s) => (s.kind === 'ready' ? s : { kind: 'loading' }));
    try {
      setState({ kind: 'ready', wallet: await call(routes.getWallet, {}) });
    } catch (e) {
      setState({ kind: 'error', message: errorMessage(e) });
    }
  }, []);

  // Coming back from 充值, 绑卡, 挂失 … shows the new state.
  useDidShow(() => {
    void load();
  });
  usePullDownRefresh(() => {
    void load().finally(() => Taro.stopPullDownRefresh());
  });

  if (state.kind === 'loading') return <LoadingView />;
  if (state.kind === 'error') {
    return (
      <View className="page">
        <ErrorView message={state.message} onRetry={() => void load()} />
      </View>
    );
  }

  const { wallet } = state;
  const { card, limits } = wallet;
  const active = card?.status === 'active';
  const frozen = card?.status === 'frozen';
  const usedPercent = limits.daily_cap_fen > 0 ? Math.min(100, Math.round((limits.spent_today_fen * 100) / limits.daily_cap_fen)) : 0;
  const cardNeeded = '需先绑定市民卡';

  return (
    <View className="page wallet">
      <View className="wallet-balance">
        <Text className="wallet-balance__label">钱包余额</Text>
        <Text className="wallet-balance__amount" data-testid="wallet-balance">
          {formatFen(wallet.balance_fen)}
        </Text>
        {card ? (
          <View className="wallet-balance__card">
            <Text className="wallet-card-line">
              市民卡 尾号 {card.last4} · {CARD_TYPE_NAMES[card.card_type]} · {card.holder_name_masked}
            </Text>
            {/* White on the green card: the words carry the state, the colour only repeats it. */}
            <Text className={`wallet-card-state wallet-card-state--${cardState(card).tone}`}>{cardState(card).text}</Text>
          </View>
        ) : (
          <View className="wallet-balance__card">
            <Text className="wallet-card-line">尚未绑定市民卡</Text>
          </View>
        )}
      </View>

      {!card && (
        <View className="wallet-notice">
          <Text className="wallet-notice__title">绑定市民卡，开通钱包</Text>
          <Text>绑定后可以微信充值、在社区商店付款，也可以在社区终端刷卡查询余额。</Text>
          <View className="wallet-notice__actions">
            <Button type="primary" onClick={() => void Taro.navigateTo({ url: WALLET_PAGES.bind })}>
              绑定市民卡
            </Button>
          </View>
        </View>
      )}

      {frozen && (
        <View className="wallet-notice wallet-notice--danger" role="alert">
          <Text className="wallet-notice__title">这张卡已挂失冻结</Text>
          <Text>冻结期间不能支付，也不能在社区终端登录。余额会保留，补办新卡后转入新卡。</Text>
          <View className="wallet-notice__actions">
            <Button type="primary" onClick={() => void Taro.navigateTo({ url: WALLET_PAGES.card })}>
              补卡
            </Button>
          </View>
        </View>
      )}

      {active && !card.pin_set && (
        <View className="wallet-notice">
          <Text className="wallet-notice__title">请设置支付密码</Text>
          <Text>超过免密额度的付款和社区终端登录都需要 6 位支付密码。</Text>
          <View className="wallet-notice__actions">
            <Button type="primary" onClick={() => void Taro.navigateTo({ url: WALLET_PAGES.pin })}>
              设置支付密码
            </Button>
          </View>
        </View>
      )}

      <View className="wallet-actions">
        <Action
          name="topup"
          icon={<Add size={28} color={active ? '#0b6e4f' : '#888'} />}
          title="充值"
          desc={!card ? cardNeeded : active ? '微信支付' : '卡片冻结中'}
          disabled={!active}
          url={WALLET_PAGES.topup}
        />
        <Action name="statement" icon={<Order size={28} color="#0b6e4f" />} title="账单" desc="收支明细" url={WALLET_PAGES.statement} />
        <Action
          name="pin"
          icon={<ShieldCheck size={28} color={active ? '#0b6e4f' : '#888'} />}
          title={card?.pin_set ? '修改支付密码' : '设置支付密码'}
          desc={!card ? cardNeeded : active ? '6 位数字' : '卡片冻结中'}
          disabled={!active}
          url={WALLET_PAGES.pin}
        />
        {frozen ? (
          <Action name="reissue" icon={<Refresh size={28} color="#0b6e4f" />} title="补卡" desc="余额转入新卡" url={WALLET_PAGES.card} />
        ) : (
          <Action
            name="lost"
            icon={<Warning size={28} color={active ? '#b3261e' : '#888'} />}
            title="挂失"
            desc={!card ? cardNeeded : '立即冻结'}
            disabled={!active}
            url={WALLET_PAGES.card}
          />
        )}
      </View>

      <View className="section-title">
        <Text>今日额度</Text>
      </View>
      <CellGroup>
        <Cell className="wallet-limit" title="免密支付" extra={`每笔 ${formatFen(limits.pin_free_limit_fen)} 以内`} />
        <Cell
          className="wallet-limit"
          title="今日已用 / 每日限额"
          extra={`${formatFen(limits.spent_today_fen)} / ${formatFen(limits.daily_cap_fen)}`}
        />
        <View className="wallet-limits__bar">
          <Progress percent={usedPercent} showText={false} strokeWidth="8" color="#0b6e4f" />
        </View>
      </CellGroup>
      {!card && <Text className="muted">绑定市民卡后，超过免密额度的付款需要输入支付密码。</Text>}
    </View>
  );
}
