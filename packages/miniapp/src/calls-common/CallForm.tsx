import { useState } from 'react';
import { View, Text } from '@tarojs/components';
import { DatePicker, TextArea } from '@nutui/nutui-react-taro';
import type { Service } from '@cc/shared';
import { when } from './lib';
import './calls.css';
import { type AttachedPhoto, Chips, Field, PhotoPicker, TextField, tappable } from '../ui';

type Attribute = Service['attributes'][number];
export type AttributeValue = string | number | string[];

/** What a filled-in form sends (createCall / createHotlineCall body, without service_code and confirm_new). */
export interface CallFormValue {
  attributes: Record<string, AttributeValue>;
  description: string;
  address: string;
  /** ISO time or empty. */
  preferred_time: string;
  /** Already uploaded. */
  photos: AttachedPhoto[];
}

export function emptyForm(address: string | null): CallFormValue {
  return { attributes: {}, description: '', address: address ?? '', preferred_time: '', photos: [] };
}

/** Client-side checks mirroring the API's (typed attributes, required flags, lengths); field → message. */
export function validateForm(service: Service, v: CallFormValue): Record<string, string> {
  const errors: Record<string, string> = {};
  for (const a of service.attributes) {
    const x = v.attributes[a.code];
    const empty = x === undefined || x === '' || (Array.isArray(x) && x.length === 0);
    if (empty) {
      if (a.required) errors[a.code] = a.datatype.endsWith('list') ? `请选择${a.description}` : `请填写${a.description}`;
      continue;
    }
    if (a.datatype === 'number' && (typeof x !== 'number' || !Number.isFinite(x) || x < 0 || x > 1_000_000))
      errors[a.code] = '请填写 0–1000000 之间的数字';
    if (a.datatype === 'string' && typeof x === 'string' && x.trim().length > 100) errors[a.code] = '最多 100 个字';
    if (a.datatype === 'text' && typeof x === 'string' && x.trim().length > 1000) errors[a.code] = '最多 1000 个字';
  }
  if (v.description.trim().length > 1000) errors.description = '最多 1000 个字';
  const address = v.address.trim();
  if (address.length < 4) errors.address = '请填写上门地址（至少 4 个字）';
  else if (address.length > 120) errors.address = '地址最多 120 个字';
  return errors;
}

/** After an edit: the errors still standing (a corrected field's message goes; no new ones appear while typing). */
export function remainingErrors(service: Service, v: CallFormValue, shown: Record<string, string>): Record<string, string> {
  const now = validateForm(service, v);
  return Object.fromEntries(Object.entries(now).filter(([k]) => k in shown));
}

/** The body to send: trimmed, empty optional values left out, numbers as numbers. */
export function formBody(v: CallFormValue) {
  const attributes: Record<string, AttributeValue> = {};
  for (const [k, x] of Object.entries(v.attributes)) {
    if (x === '' || (Array.isArray(x) && x.length === 0)) continue;
    attributes[k] = typeof x === 'string' ? x.trim() : x;
  }
  return {
    attributes,
    ...(v.description.trim() ? { description: v.description.trim() } : {}),
    address: v.address.trim(),
    ...(v.preferred_time ? { preferred_time: v.preferred_time } : {}),
    ...(v.photos.length ? { photo_ids: v.photos.map((p) => p.id) } : {}),
  };
}

/** An attribute's list of values as chips: one (tapping the chosen one again clears an optional choice) or several. */
function AttributeChips({
  attribute,
  value,
  onChange,
}: {
  attribute: Attribute;
  value: AttributeValue | undefined;
  onChange(v: AttributeValue): void;
}) {
  const multi = attribute.datatype === 'multivaluelist';
  const chosen = Array.isArray(value) ? value : typeof value === 'string' && value ? [value] : [];
  function toggle(key: string) {
    const on = chosen.includes(key);
    if (!multi) return onChange(on && !attribute.required ? '' : key);
    const next = on ? chosen.filter((k) => k !== key) : [...chosen, key];
    onChange(attribute.values.map((x) => x.key).filter((k) => next.includes(k)));
  }
  return (
    <Chips
      options={attribute.values.map((o) => ({ value: o.key, label: o.name }))}
      value={multi ? chosen : (chosen[0] ?? null)}
      multi={multi}
      onChange={toggle}
    />
  );
}

/** A date and time picked in NutUI's picker (no typing), shown in words. */
export function DateTimeField({
  label,
  value,
  onChange,
  placeholder,
  className = '',
}: {
  /** What the time is (期望上门时间): the trigger's accessible name. */
  label: string;
  value: string;
  onChange(iso: string): void;
  placeholder: string;
  className?: string;
}) {
  const [open, setOpen] = useState(false);
  const now = new Date();
  const start = new Date(Math.ceil(now.getTime() / 600_000) * 600_000);
  const shown = value ? when(value) : placeholder;
  return (
    <View className={`call-datetime ${className}`}>
      <View className="cc-field__box call-datetime__trigger" {...tappable(() => setOpen(true), `${label}：${shown}`)}>
        <Text className={value ? '' : 'call-datetime__placeholder'}>{shown}</Text>
      </View>
      {value && (
        <View className="call-datetime__clear" {...tappable(() => onChange(''), `清除${label}`)}>
          清除
        </View>
      )}
      <DatePicker
        title="选择时间"
        type="datetime"
        visible={open}
        showChinese
        minuteStep={10}
        startDate={start}
        endDate={new Date(now.getTime() + 60 * 86_400_000)}
        defaultValue={value ? new Date(value) : start}
        onClose={() => setOpen(false)}
        onConfirm={(_options, values) => {
          const [y, m, d, h, min] = values.map(Number) as [number, number, number, number, number];
          onChange(new Date(y, m - 1, d, h, min).toISOString());
        }}
      />
    </View>
  );
}

/** A number as typed: empty, a number, or the text as it is (validateForm then says it is not a number). */
function typedNumber(s: string): AttributeValue {
  const t = s.trim();
  return t === '' ? '' : Number.isFinite(Number(t)) ? Number(t) : t;
}

type AttributeFieldProps = { attribute: Attribute; value: AttributeValue | undefined; error?: string; onChange(v: AttributeValue): void };

/** The kit field of an attribute by its datatype: chips for lists, a number keypad, a text box, a time picker. */
function AttributeControl({ attribute: a, value, error, onChange }: AttributeFieldProps) {
  const text = typeof value === 'string' ? value : typeof value === 'number' ? String(value) : '';
  const field = { label: a.description, required: a.required, error };
  const testid = `call-attr-${a.code}`;
  switch (a.datatype) {
    case 'singlevaluelist':
    case 'multivaluelist':
      return (
        <Field {...field} boxed={false} hint={a.datatype === 'multivaluelist' ? '可多选' : undefined}>
          <AttributeChips attribute={a} value={value} onChange={onChange} />
        </Field>
      );
    case 'number':
      return (
        <TextField
          {...field}
          testid={testid}
          keypad="decimal"
          placeholder={a.datatype_description ?? '请填写数字'}
          value={text}
          onChange={(x) => onChange(typedNumber(x))}
        />
      );
    case 'text':
      return (
        <Field {...field}>
          <TextArea
            aria-label={a.description}
            maxLength={1000}
            rows={3}
            autoSize
            placeholder={a.datatype_description ?? '请填写'}
            value={text}
            onChange={onChange}
          />
        </Field>
      );
    case 'datetime':
      return (
        <Field {...field} boxed={false}>
          <DateTimeField label={a.description} value={text} placeholder="请选择时间" onChange={onChange} />
        </Field>
      );
    default:
      return (
        <TextField
          {...field}
          testid={testid}
          maxLength={100}
          placeholder={a.datatype_description ?? '请填写'}
          value={text}
          onChange={onChange}
        />
      );
  }
}

/** An attribute's field, marked with its code and datatype (the suites find it by them). */
function AttributeField(props: AttributeFieldProps) {
  const a = props.attribute;
  return (
    <View className={`call-attr call-attr--${a.code}`} data-datatype={a.datatype}>
      <AttributeControl {...props} />
    </View>
  );
}

/**
 * A service's form, generated from its typed attributes (in their order), then the description, the address
 * (prefilled from the profile) and the preferred time.
 */
export function CallForm({
  service,
  value,
  errors,
  onChange,
  addressHint,
}: {
  service: Service;
  value: CallFormValue;
  errors: Record<string, string>;
  onChange(v: CallFormValue): void;
  addressHint?: string;
}) {
  const attrs = [...service.attributes].sort((a, b) => a.order - b.order);
  return (
    <View className="call-form">
      {attrs.map((a) => (
        <AttributeField
          key={a.code}
          attribute={a}
          value={value.attributes[a.code]}
          error={errors[a.code]}
          onChange={(x) => onChange({ ...value, attributes: { ...value.attributes, [a.code]: x } })}
        />
      ))}
      <Field label={service.emergency ? '情况说明' : '问题描述'} required={false} error={errors.description} className="call-description">
        <TextArea
          aria-label={service.emergency ? '情况说明' : '问题描述'}
          maxLength={1000}
          rows={3}
          autoSize
          placeholder={service.emergency ? '如：摔倒了起不来、胸口不舒服（可不填）' : '说说具体情况，方便服务人员准备'}
          value={value.description}
          onChange={(description) => onChange({ ...value, description })}
        />
      </Field>
      <TextField
        testid="call-address"
        className="call-address"
        label="上门地址"
        required
        maxLength={120}
        placeholder="楼幢、单元、门牌号"
        value={value.address}
        error={errors.address}
        hint={addressHint}
        onChange={(address) => onChange({ ...value, address })}
      />
      {!service.emergency && (
        <Field label="照片" required={false} boxed={false} className="call-photos-field">
          <PhotoPicker value={value.photos} onChange={(photos) => onChange({ ...value, photos })} />
        </Field>
      )}
      {!service.emergency && (
        <Field label="期望上门时间" required={false} boxed={false} className="call-preferred">
          <DateTimeField
            label="期望上门时间"
            className="call-preferred__picker"
            value={value.preferred_time}
            placeholder="尽快（点此选择时间）"
            onChange={(preferred_time) => onChange({ ...value, preferred_time })}
          />
        </Field>
      )}
    </View>
  );
}
