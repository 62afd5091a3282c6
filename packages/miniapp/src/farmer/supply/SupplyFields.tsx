import { View } from '@tarojs/components';
import { AGRI_PHOTOS_MAX } from '@cc/shared';
import { Chips, Field, PHOTO_RULES, PhotoPicker, TextField } from '../../ui';
import { NotesField, QuantityField, ValidDaysField, WindowFields, YuanField } from '../../agri-form/fields';
import { SUPPLY_NAMES } from '../../agri-form/form';
import { CertFields } from './CertFields';
import type { SupplyForm } from './form';

type Props = { f: SupplyForm; errors: Record<string, string>; set(patch: Partial<SupplyForm>): void };

/** How much, at what price (or 面议), and the smallest order. */
export function AmountFields({ f, errors, set }: Props) {
  return (
    <>
      <QuantityField f={f} errors={errors} set={set} prefix="supply" names={SUPPLY_NAMES} />
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
        <YuanField
          testid="supply-price"
          label="价格"
          unit={f.unit}
          required
          value={f.price}
          error={errors.unit_price_fen}
          hint="如 3.50，最多两位小数"
          onChange={(price) => set({ price })}
        />
      )}
      <TextField
        testid="supply-min-order"
        label={`起订量（${f.unit ?? '单位'}）`}
        keypad="decimal"
        value={f.min_order}
        error={errors.min_order_quantity}
        placeholder="不填则不限"
        onChange={(min_order) => set({ min_order })}
      />
    </>
  );
}

/** Harvest window, village, photos, certifications, validity and a description. */
export function WhenWhereFields({ f, errors, set }: Props) {
  return (
    <>
      <WindowFields f={f} errors={errors} set={set} prefix="supply" names={SUPPLY_NAMES} labels={['上市开始', '上市结束']} />
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
          <PhotoPicker cover value={f.photos} max={AGRI_PHOTOS_MAX} hint={PHOTO_RULES} onChange={(photos) => set({ photos })} />
        </Field>
      </View>
      <CertFields certs={f.certs} error={errors.certifications} onChange={(certs) => set({ certs })} />
      <ValidDaysField f={f} errors={errors} set={set} prefix="supply" />
      <NotesField
        testid="supply-notes"
        required={false}
        value={f.description}
        error={errors.description}
        placeholder="品质、种植方式、包装、怎么交货"
        onChange={(description) => set({ description })}
      />
    </>
  );
}
