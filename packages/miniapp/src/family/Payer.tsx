import { View, Text } from '@tarojs/components';
import { Radio } from '@nutui/nutui-react-taro';
import type { ProxyPayment } from '@cc/shared';

/**
 * Who pays an order for an elder (为家人下单 and the shop checkout's 为谁下单): 老人卡内余额支付 (the elder's PIN at
 * the kiosk) or 我来付 (WeChat Pay now; refunded if the elder says no or does not answer in time).
 */
export function ProxyPayer({ value, onChange, card }: { value: ProxyPayment; onChange(v: ProxyPayment): void; card: 'family' | 'shop' }) {
  return (
    <View className={`${card}-card proxy-payer`}>
      <Text className={`${card}-card__title`}>付款方式</Text>
      <Radio.Group value={value} onChange={(v) => onChange(v === 'family_wechat' ? 'family_wechat' : 'elder_card')}>
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
