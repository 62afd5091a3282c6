import { View } from '@tarojs/components';
import { AGRI_FREQUENCIES, AGRI_FREQUENCY_WORDS } from '@cc/shared';
import { Chips, Field, TextField } from '../../ui';
import { NotesField, QuantityField, ValidDaysField, WindowFields, YuanField } from '../../agri-form/fields';
import { PURCHASE_NAMES } from '../../agri-form/form';
import type { PurchaseForm } from './form';

/** The two ends of the target price, each optional. */
const ENDS = [
  { end: 'min', key: 'price_min', field: 'unit_price_min_fen', label: '最低价' },
  { end: 'max', key: 'price_max', field: 'unit_price_max_fen', label: '最高价' },
] as const;

type Props = { f: PurchaseForm; errors: Record<string, string>; set(patch: Partial<PurchaseForm>): void };

/** How much, and the target price range per unit (either end may stay empty; both empty is 面议). */
export function AmountFields({ f, errors, set }: Props) {
  return (
    <>
      <QuantityField f={f} errors={errors} set={set} prefix="purchase" names={PURCHASE_NAMES} />
      {ENDS.map((e) => (
        <YuanField
          key={e.key}
          testid={`purchase-price-${e.end}`}
          label={e.label}
          unit={f.unit}
          value={f[e.key]}
          error={errors[e.field]}
          hint={e.end === 'max' ? '两个都不填就是面议' : undefined}
          placeholder="不填则不限"
          onChange={(v) => set({ [e.key]: v })}
        />
      ))}
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
      <WindowFields f={f} errors={errors} set={set} prefix="purchase" names={PURCHASE_NAMES} labels={['需要开始', '需要截止']} />
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
      <NotesField
        testid="purchase-notes"
        required
        value={f.notes}
        error={errors.notes}
        hint="10–400 个字：规格、品质、包装、怎么交货"
        placeholder="如：食堂每周要青菜，叶子完整，早上 7 点前送到"
        onChange={(notes) => set({ notes })}
      />
      <ValidDaysField f={f} errors={errors} set={set} prefix="purchase" />
    </>
  );
}
