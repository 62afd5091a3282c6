import { View, Text } from '@tarojs/components';
import { Button, Radio } from '@nutui/nutui-react-taro';
import { isPending, Money, Notice, PendingPage, Stepper } from '../../ui';
import { useProxyOrder, type ProxyOrderModel } from './useProxyOrder';
import '../family.css';

type Ready = Extract<ProxyOrderModel['state'], { kind: 'ready' }>;

function Goods({ d, m }: { d: Ready; m: ProxyOrderModel }) {
  return (
    <View className="family-card">
      <Text className="family-card__title">选商品（{d.link.elder_name}所在社区在售）</Text>
      {d.products.map((p) => (
        <View key={p.id} className="family-row" data-testid="proxy-product" data-sku={p.sku}>
          <View>
            <Text>{p.name}</Text> <Money fen={p.price_fen} unit={p.unit} />
          </View>
          <Stepper
            value={m.quantities[p.id] ?? 0}
            min={0}
            max={Math.min(p.stock, 99)}
            label={`${p.name}数量`}
            onChange={(q) => m.setQuantity(p.id, q)}
          />
        </View>
      ))}
    </View>
  );
}

function Where({ d, m }: { d: Ready; m: ProxyOrderModel }) {
  const addresses = d.link.elder?.addresses ?? [];
  return (
    <View className="family-card">
      <Text className="family-card__title">送到{d.link.elder_name}家</Text>
      {addresses.length === 0 && (
        <Notice tone="warning">
          <Text>家人的地址簿里还没有地址，请家人到服务站登记。</Text>
        </Notice>
      )}
      <Radio.Group value={m.addressId ?? ''} onChange={(v) => m.setAddressId(String(v))}>
        {addresses.map((a) => (
          <Radio key={a.id} value={a.id}>
            {a.label} · {a.detail}
          </Radio>
        ))}
      </Radio.Group>
      <Text className="family-card__title">配送时段</Text>
      <Radio.Group value={m.slotKey ?? ''} onChange={(v) => m.setSlotKey(String(v))}>
        {d.slots.slice(0, 6).map((s) => (
          <Radio key={s.slot_key} value={s.slot_key} data-slot={s.slot_key}>
            {s.date} {s.start}–{s.end}
          </Radio>
        ))}
      </Radio.Group>
    </View>
  );
}

/** Who pays: 老人卡内余额支付 (the elder's PIN at the kiosk) or 我来付 (WeChat Pay now; refunded if the elder says no). */
function Payer({ m }: { m: ProxyOrderModel }) {
  return (
    <View className="family-card">
      <Text className="family-card__title">付款方式</Text>
      <Radio.Group value={m.payment} onChange={(v) => m.setPayment(v === 'family_wechat' ? 'family_wechat' : 'elder_card')}>
        <Radio value="elder_card" data-testid="pay-elder-card">
          老人卡内余额支付（家人刷卡确认时付款）
        </Radio>
        <Radio value="family_wechat" data-testid="pay-family-wechat">
          我来付（微信支付，家人不同意或超时将原路退回）
        </Radio>
      </Radio.Group>
    </View>
  );
}

/** 为家人下单: goods, the elder's address and a slot; sent, it waits for the elder's approval at a kiosk. */
export default function ProxyOrderPage() {
  const m = useProxyOrder();
  const { state } = m;
  if (isPending(state)) return <PendingPage state={state} onRetry={() => void m.load()} />;
  return (
    <View className="page family-order">
      <Text className="page-title">为{state.link.elder_name}下单</Text>
      <Notice tone="info">
        <Text>下单后，{state.link.elder_name}在社区终端刷卡、输入密码同意后，从市民卡付款；超时不确认，订单自动取消。</Text>
      </Notice>
      <Goods d={state} m={m} />
      <Where d={state} m={m} />
      <Payer m={m} />
      {m.error && (
        <Notice tone="danger" testid="proxy-error">
          <Text>{m.error}</Text>
        </Notice>
      )}
      <View className="family-row">
        <Text>
          合计 <Money fen={m.total_fen} size="lg" />
        </Text>
        <Button type="primary" loading={m.busy} disabled={m.busy} data-testid="place-proxy" onClick={() => void m.submit()}>
          {m.payment === 'family_wechat' ? '微信支付并请家人确认' : '请家人确认'}
        </Button>
      </View>
    </View>
  );
}
