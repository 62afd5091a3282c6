import type { ReactNode } from 'react';
import { View } from '@tarojs/components';
import { Button } from '@nutui/nutui-react-taro';
import { TextField } from '../../ui';

/** A citizen-card number, as printed on the card's face: digits only, 16 to 19 of them. */
export function CardNumberField(props: { testid: string; label: string; value: string; disabled: boolean; onChange(v: string): void }) {
  return <TextField {...props} keypad="numeric" placeholder="16–19 位数字" maxLength={19} />;
}

/** A wallet form's one big button at its foot: a spinner, and not pressable again, while its request runs. */
export function SubmitButton({
  testid,
  busy,
  onSubmit,
  children,
}: {
  testid: string;
  busy: boolean;
  onSubmit(): void;
  children: ReactNode;
}) {
  return (
    <View className="wallet-submit">
      <Button block size="large" type="primary" className={testid} data-testid={testid} loading={busy} disabled={busy} onClick={onSubmit}>
        {children}
      </Button>
    </View>
  );
}
