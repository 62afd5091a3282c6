import { View } from '@tarojs/components';
import { TextArea } from '@nutui/nutui-react-taro';
import { Field, TextField } from '../ui';
import { dayFromToday } from '../farmer/lib/agri';
import { DateField } from '../farmer/lib/components';
import type { CommonForm, Errors, KindNames } from './form';

type Common = { f: CommonForm; errors: Errors; set(patch: Partial<CommonForm>): void; prefix: string };

/** How much, in the unit chosen above ("供应量（斤）"). */
export function QuantityField({ f, errors, set, prefix, names }: Common & { names: KindNames }) {
  return (
    <TextField
      testid={`${prefix}-quantity`}
      label={`${names.quantity}（${f.unit ?? '单位'}）`}
      required
      keypad="decimal"
      value={f.quantity}
      error={errors.quantity}
      placeholder="如 200"
      onChange={(quantity) => set({ quantity })}
    />
  );
}

/** A price in yuan per unit, typed (the form turns it into fen). */
export function YuanField(props: {
  testid: string;
  label: string;
  unit: string | null;
  value: string;
  error?: string;
  hint?: string;
  placeholder?: string;
  required?: boolean;
  onChange(v: string): void;
}) {
  return (
    <TextField
      testid={props.testid}
      label={`${props.label}（元/${props.unit ?? '单位'}）`}
      required={props.required}
      keypad="decimal"
      value={props.value}
      error={props.error}
      hint={props.hint}
      placeholder={props.placeholder ?? '0.00'}
      onChange={props.onChange}
    />
  );
}

/** The window's two dates (上市 or 需要), from a month back to a year ahead. */
export function WindowFields({ f, errors, set, prefix, names, labels }: Common & { names: KindNames; labels: [string, string] }) {
  const ends = [
    { end: 'from', label: labels[0], error: errors[names.from] },
    { end: 'to', label: labels[1], error: errors[names.to] },
  ] as const;
  return (
    <>
      {ends.map(({ end, label, error }) => (
        <DateField
          key={end}
          testid={`${prefix}-${end}`}
          label={label}
          value={f[end]}
          min={dayFromToday(-30)}
          max={dayFromToday(366)}
          error={error}
          onChange={(v) => set({ [end]: v })}
        />
      ))}
    </>
  );
}

/** How many days the post shows before it expires (renewable). */
export function ValidDaysField({ f, errors, set, prefix }: Common) {
  const hint = '1–90 天，到期后自动下线，可续期';
  const days = { label: '展示天数', value: f.valid_days, error: errors.valid_days, hint };
  return <TextField testid={`${prefix}-valid-days`} required keypad="numeric" {...days} onChange={(valid_days) => set({ valid_days })} />;
}

/** A few lines of words (说明), up to 400 characters. */
export function NotesField(props: {
  testid: string;
  value: string;
  error?: string;
  required: boolean;
  hint?: string;
  placeholder: string;
  onChange(v: string): void;
}) {
  return (
    <View data-testid={props.testid}>
      <Field label="说明" required={props.required} error={props.error} hint={props.hint}>
        <TextArea
          aria-label="说明"
          placeholder={props.placeholder}
          maxLength={400}
          rows={3}
          autoSize
          value={props.value}
          onChange={props.onChange}
        />
      </Field>
    </View>
  );
}
