import Taro from '@tarojs/taro';
import { View, Text } from '@tarojs/components';
import { Button } from '@nutui/nutui-react-taro';
import { Check, Success, Tips } from '@nutui/icons-react-taro';
import { TOPUP_MAX_FEN, formatFen, type Topup } from '@cc/shared';
import { StatusTag, TextField } from '../../ui';
import { WALLET_PAGES } from '../lib';
import { PRESETS } from './amount';

export function TopupPaid({ topup, balance_fen }: { topup: Topup; balance_fen: number | null }) {
  return (
    <View className="topup-result" role="status" data-testid="topup-paid">
      <Success size={56} color="var(--cc-color-brand)" />
      <StatusTag lifecycle="topup" status={topup.status} />
      <Text className="topup-result__title">充值成功 {formatFen(topup.amount_fen)}</Text>
      {balance_fen !== null && <Text className="topup-result__text">当前余额 {formatFen(balance_fen)}</Text>}
      <View className="wallet-buttons">
        <Button block type="primary" onClick={() => void Taro.navigateBack()}>
          返回钱包
        </Button>
        <Button
          block
          fill="outline"
          type="primary"
          data-testid="topup-statement"
          onClick={() => void Taro.redirectTo({ url: WALLET_PAGES.statement })}
        >
          查看账单
        </Button>
      </View>
    </View>
  );
}

export function TopupPending({ topup, onRefresh }: { topup: Topup; onRefresh: () => void }) {
  return (
    <View className="topup-result" role="status" data-testid="topup-pending">
      <Tips size={48} color="var(--cc-tone-warning)" />
      <StatusTag lifecycle="topup" status={topup.status} />
      <Text className="topup-result__title">正在确认支付结果</Text>
      <Text className="topup-result__text">
        {formatFen(topup.amount_fen)} 的充值还没有收到微信支付的结果。如果已经付款，到账后余额会自动更新。
      </Text>
      <View className="wallet-buttons">
        <Button block type="primary" onClick={onRefresh}>
          刷新结果
        </Button>
        <Button block fill="outline" type="primary" onClick={() => void Taro.navigateBack()}>
          返回钱包
        </Button>
      </View>
    </View>
  );
}

export function SimConfirm(props: { topup: Topup; onPay: () => void; onCancel: () => void }) {
  return (
    <View className="topup-sim" data-testid="topup-sim">
      <Text className="topup-sim__title">模拟支付</Text>
      <Text className="muted">演示环境没有微信支付，由本地微信支付模拟器代为付款。</Text>
      <Text className="topup-sim__amount">{formatFen(props.topup.amount_fen)}</Text>
      <Text className="topup-result__text">收款方：社区服务平台（市民卡充值）</Text>
      <View className="topup-sim__actions">
        <Button block size="large" className="topup-sim__pay topup-wechat" data-testid="topup-sim-pay" onClick={props.onPay}>
          确认支付
        </Button>
        <Button block size="large" fill="outline" type="default" onClick={props.onCancel}>
          取消
        </Button>
      </View>
    </View>
  );
}

/** The four preset amounts: a radio group (one chosen), each a real button (a radio to screen readers). */
export function Presets(props: { selected: number | null; disabled: boolean; onPick: (fen: number) => void }) {
  return (
    <View className="topup-presets" role="radiogroup" aria-label="选择金额">
      {PRESETS.map((p) => {
        const selected = props.selected === p.fen;
        return (
          <button
            key={p.fen}
            type="button"
            className={`topup-preset ${selected ? 'topup-preset--selected' : ''}`}
            data-testid={`topup-preset-${p.fen}`}
            role="radio"
            aria-checked={selected}
            disabled={props.disabled}
            onClick={() => props.onPick(p.fen)}
          >
            <Text>{p.label}</Text>
            {selected && <Check size={20} color="var(--cc-color-brand)" className="topup-preset__check" />}
          </button>
        );
      })}
    </View>
  );
}

export function CustomAmount(props: { value: string; error: string | null; disabled: boolean; onChange: (v: string) => void }) {
  return (
    <TextField
      testid="topup-custom"
      label="其他金额（元）"
      keypad="decimal"
      placeholder="例如 88.50"
      maxLength={8}
      value={props.value}
      disabled={props.disabled}
      onChange={props.onChange}
      error={props.error}
      hint={`单次 ¥1.00 至 ${formatFen(TOPUP_MAX_FEN)}`}
    />
  );
}
