import { useState } from 'react';
import { View, Text } from '@tarojs/components';
import { Button } from '@nutui/nutui-react-taro';
import { formatFen } from '@cc/shared';
import { chosenAmount } from './amount';
import { CustomAmount, Presets } from './sections';

/** Choosing the amount (a preset or typed in yuan) and the WeChat Pay button. `working`: what is happening now. */
export function TopupForm(props: { working: string | null; onStart: (amount_fen: number) => void; onEdit: () => void }) {
  const [preset, setPreset] = useState<number | null>(5000);
  const [custom, setCustom] = useState('');
  const amount = chosenAmount(preset, custom);
  const working = props.working !== null;
  return (
    <>
      <View className="section-title">
        <Text>选择金额</Text>
      </View>
      <Presets
        selected={custom.trim() ? null : preset}
        disabled={working}
        onPick={(fen) => {
          setPreset(fen);
          setCustom('');
        }}
      />
      <CustomAmount
        value={custom}
        error={amount && 'error' in amount ? amount.error : null}
        disabled={working}
        onChange={(v) => {
          setCustom(v);
          props.onEdit();
        }}
      />
      <View className="wallet-submit">
        <Button
          block
          size="large"
          className="topup-submit topup-wechat"
          data-testid="topup-submit"
          loading={working}
          disabled={working}
          onClick={() => {
            if (amount && 'fen' in amount) props.onStart(amount.fen);
          }}
        >
          {props.working ?? (amount && 'fen' in amount ? `微信支付 充值 ${formatFen(amount.fen)}` : '充值')}
        </Button>
      </View>
    </>
  );
}
