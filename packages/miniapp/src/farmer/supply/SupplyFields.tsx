import { View } from '@tarojs/components';
import { TextArea } from '@nutui/nutui-react-taro';
import { AGRI_PHOTOS_MAX } from '@cc/shared';
import { Chips, Field, PHOTO_RULES, PhotoPicker, TextField } from '../../ui';
import { dayFromToday } from '../lib/agri';
import { DateField } from '../lib/components';
import type { SupplyForm } from './form';

type Props = { f: SupplyForm; errors: Record<string, string>; set(patch: Partial<SupplyForm>): void; editing: boolean };

/** How much, at what price (or 面议), and the smallest order. */
export function AmountFields({ f, errors, set }: Props) {
  const unit = f.unit ?? '单位';
  return (
    <>
      <TextField
        testid="supply-quantity"
        label={`供应量（${unit}）`}
        required
        keypad="decimal"
        value={f.quantity}
        error={errors.quantity}
        placeholder="如 200"
        onChange={(quantity) => set({ quantity })}
      />
      <View data-testid="supply-price-kind">
        <Field label="价格方式" required boxed={false}>
          <Chips
            small
            options={[
              { value: 'fixed', label: '标价' },
              { value: 'negotiable', label: '面议' },
            ]}
            value={f.negotiable ? 'negotiable' : 'fixed'}
            onChange={(v) => set({ negotiable: v === 'negotiable' })}
          />
        </Field>
      </View>
      {!f.negotiable && (
        <TextField
          testid="supply-price"
          label={`价格（元/${unit}）`}
          required
          keypad="decimal"
          value={f.price}
          error={errors.unit_price_fen}
          hint="如 3.50，最多两位小数"
          placeholder="0.00"
          onChange={(price) => set({ price })}
        />
      )}
      <TextField
        testid="supply-min-order"
        label={`起订量（${unit}）`}
        keypad="decimal"
        value={f.min_order}
        error={errors.min_order_quantity}
        placeholder="不填则不限"
        onChange={(min_order) => set({ min_order })}
      />
    </>
  );
}

/** Harvest window, village, photos, validity and a description. */
export function WhenWhereFields({ f, errors, set }: Props) {
  return (
    <>
      <DateField
        testid="supply-from"
        label="上市开始"
        value={f.available_from}
        min={dayFromToday(-30)}
        max={dayFromToday(366)}
        error={errors.available_from}
        onChange={(available_from) => set({ available_from })}
      />
      <DateField
        testid="supply-to"
        label="上市结束"
        value={f.available_to}
        min={dayFromToday(-30)}
        max={dayFromToday(366)}
        error={errors.available_to}
        onChange={(available_to) => set({ available_to })}
      />
      <TextField
        testid="supply-village"
        label="产地村"
        required
        value={f.village}
        error={errors.origin}
        maxLength={40}
        onChange={(village) => set({ village })}
      />
      <View data-testid="supply-photos">
        <Field label="照片" required={false} boxed={false} error={errors.photo_upload_ids}>
          <PhotoPicker
            cover
            value={f.photos}
            max={AGRI_PHOTOS_MAX}
            hint={`${PHOTO_RULES}；最多 ${AGRI_PHOTOS_MAX} 张`}
            onChange={(photos) => set({ photos })}
          />
        </Field>
      </View>
      <TextField
        testid="supply-valid-days"
        label="展示天数"
        required
        keypad="numeric"
        value={f.valid_days}
        error={errors.valid_days}
        hint="1–90 天，到期后自动下线，可续期"
        onChange={(valid_days) => set({ valid_days })}
      />
      <Field label="说明" required={false} error={errors.description}>
        <TextArea
          aria-label="说明"
          placeholder="品质、种植方式、包装、怎么交货"
          maxLength={400}
          rows={3}
          autoSize
          value={f.description}
          onChange={(description) => set({ description })}
        />
      </Field>
    </>
  );
}
