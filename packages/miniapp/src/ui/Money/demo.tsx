import { View } from '@tarojs/components';
import { Money } from './index';

/** An amount, a price per unit, the large size. */
export function Demo() {
  return (
    <>
      <View data-testid="demo-money-total">
        <Money fen={18580} />
      </View>
      <View>
        <Money fen={350} unit="斤" />
      </View>
      <View>
        <Money fen={1200000} size="lg" />
      </View>
    </>
  );
}
