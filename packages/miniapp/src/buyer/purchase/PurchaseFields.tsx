import { View } from '@tarojs/components';
import { TextArea } from '@nutui/nutui-react-taro';
import { AGRI_FREQUENCIES, AGRI_FREQUENCY_WORDS } from '@cc/shared';
import { Chips, Field, TextField } from '../../ui';
import { dayFromToday } from '../../farmer/lib/agri';
import { DateField } from '../../farmer/lib/components';
import type { PurchaseForm } from './form';

type Props = { f: PurchaseForm; errors: Record<string, string>; set(patch: Partial<PurchaseForm>): void };

/** How much, and the target price range per unit (either end may stay empty; both empty is 面议). */
export function AmountFields({ f, errors, set }: Props) {
  const unit = f.unit ?? '单位';
  return (
    <>
      <TextField
        testid="purchase-quantity"
        label={`求购量（${unit}）`}
        required
        keypad="decimal"
        value={f.quantity}
        error={errors.quantity}
        placeholder="如 200"
        onChange={(quantity) => set({ quantity })}
      />
      <TextField
        testid="purchase-price-min"
        label={`最低价（元/${unit}）`}
        keypad="decimal"
        value={f.price_min}
        error={errors.unit_price_min_fen}
        placeholder="不填则不限"
        onChange={(price_min) => set({ price_min })}
      />
      <TextField
        testid="purchase-price-max"
        label={`最高价（元/${unit}）`}
        keypad="decimal"
        value={f.price_max}
        error={errors.unit_price_max_fen}
        hint="两个都不填就是面议"
        placeholder="不填则不限"
        onChange={(price_max) => set({ price_max })}
      />
    </>
  );
}

/** Where and when to deliver, how often, notes and validity. */
export function DeliveryFields({ f, errors, set }: Props) {
  return (
    <>
      <TextField
        testid="purchase-place"
        label="交货地点"
        required
        maxLength={60}
        value={f.place}
        error={errors.delivery}
        onChange={(place) => set({ place })}
      />
      <DateField
        testid="purchase-from"
        label="需要开始"
        value={f.needed_from}
        min={dayFromToday(-30)}
        max={dayFromToday(366)}
        error={errors.needed_from}
        onChange={(needed_from) => set({ needed_from })}
      />
      <DateField
        testid="purchase-to"
        label="需要截止"
        value={f.needed_to}
        min={dayFromToday(-30)}
        max={dayFromToday(366)}
        error={errors.needed_to}
        onChange={(needed_to) => set({ needed_to })}
      />
      <View data-testid="purchase-frequency">
        <Field label="采购频次" required boxed={false} error={errors.frequency}>
          <Chips
            small
            options={AGRI_FREQUENCIES.map((v) => ({ value: v, label: AGRI_FREQUENCY_WORDS[v] }))}
            value={f.frequency}
            onChange={(frequency) => set({ frequency })}
          />
        </Field>
      </View>
      <View data-testid="purchase-notes">
        <Field label="说明" required error={errors.notes} hint="10–400 个字：规格、品质、包装、怎么交货">
          <TextArea
            aria-label="说明"
            placeholder="如：食堂每周要青菜，叶子完整，早上 7 点前送到"
            maxLength={400}
            rows={3}
            autoSize
            value={f.notes}
            onChange={(notes) => set({ notes })}
          />
        </Field>
      </View>
      <TextField
        testid="purchase-valid-days"
        label="展示天数"
        required
        keypad="numeric"
        value={f.valid_days}
        error={errors.valid_days}
        hint="1–90 天，到期后自动下线，可续期"
        onChange={(valid_days) => set({ valid_days })}
      />
    </>
  );
}
