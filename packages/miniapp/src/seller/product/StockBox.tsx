import { useState } from 'react';
import { View, Text } from '@tarojs/components';
import { Button, Input } from '@nutui/nutui-react-taro';
import { STOCK_MAX, routes, type Product } from '@cc/shared';
import { call, errorMessage } from '../../api';
import { parseCount } from '../../commerce/lib';
import { Card, Field } from '../../ui';

/** The stock of a product moved up or down by a number of units (atomic on the server, never below 0). */
export function StockBox({ product, onChanged }: { product: Product; onChanged(p: Product, message: string): void }) {
  const [amount, setAmount] = useState('');
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState<'add' | 'take' | null>(null);
  async function move(sign: 1 | -1) {
    const n = parseCount(amount, { min: 1, max: STOCK_MAX, label: '数量' });
    if (typeof n === 'string') return setError(n);
    if (sign < 0 && n > product.stock) return setError(`库存只有 ${product.stock}${product.unit}，最多减少 ${product.stock}`);
    setBusy(sign > 0 ? 'add' : 'take');
    setError(null);
    try {
      const next = await call(routes.adjustProductStock, { params: { product_id: product.id }, body: { delta: sign * n } });
      setAmount('');
      onChanged(next, `库存${sign > 0 ? '增加' : '减少'} ${n}${product.unit}，现在 ${next.stock}${next.unit}`);
    } catch (e) {
      setError(errorMessage(e));
    } finally {
      setBusy(null);
    }
  }
  return (
    <Card title="库存" className="seller-stock">
      <Text className="seller-stock__now">
        现有 <Text className="seller-stock__number">{product.stock}</Text> {product.unit}
        {product.stock === 0 ? '（已售罄）' : ''}
      </Text>
      <Text className="biz-muted">
        下单时库存即被预留，付款超时取消会自动退回。进货后点「增加库存」，损耗或在店里卖掉了点「减少库存」。
      </Text>
      <View data-testid="stock-amount">
        <Field label="数量" error={error} className="seller-stock__amount">
          <Input
            type="number"
            aria-label="库存变动数量"
            placeholder="如 20"
            value={amount}
            onChange={(t) => {
              setAmount(t);
              setError(null);
            }}
          />
          <Text className="biz-field__suffix">{product.unit}</Text>
        </Field>
      </View>
      <View className="biz-actions biz-actions--row">
        <Button
          type="primary"
          className="seller-stock__add"
          data-testid="stock-add"
          loading={busy === 'add'}
          disabled={!!busy}
          onClick={() => void move(1)}
        >
          增加库存
        </Button>
        <Button
          fill="outline"
          className="seller-stock__take"
          data-testid="stock-take"
          loading={busy === 'take'}
          disabled={!!busy}
          onClick={() => void move(-1)}
        >
          减少库存
        </Button>
      </View>
    </Card>
  );
}
