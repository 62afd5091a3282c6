import type { ReactNode } from 'react';
import { View } from '@tarojs/components';
import { Input } from '@nutui/nutui-react-taro';
import { Field } from '../../ui';

export interface FormInputProps {
  /** The field's test id and class (the suites find `[data-testid=product-price] input` and its error in it). */
  name: string;
  label: string;
  /** The input's accessible name when it says more or less than the label (价格（元） for 价格（元/斤）). */
  ariaLabel?: string;
  /** 必填 or 选填 after the label. */
  required: boolean;
  error?: string;
  hint?: string;
  placeholder: string;
  maxLength?: number;
  type?: 'text' | 'digit' | 'number' | 'tel';
  value: string;
  onChange(v: string): void;
  /** What stands before the input in its box (¥) or after it (the unit). */
  before?: ReactNode;
  after?: ReactNode;
}

/** One labelled line of the seller's product and shop forms: the kit's Field around a NutUI Input. */
export function FormInput(p: FormInputProps) {
  return (
    <View data-testid={p.name}>
      <Field label={p.label} required={p.required} error={p.error} hint={p.hint} className={p.name}>
        {p.before}
        <Input
          // Only what is given: NutUI fills what is missing with its defaults, an explicit undefined would replace them.
          {...(p.type ? { type: p.type } : {})}
          {...(p.maxLength ? { maxLength: p.maxLength } : {})}
          aria-label={p.ariaLabel ?? p.label}
          placeholder={p.placeholder}
          value={p.value}
          onChange={p.onChange}
        />
        {p.after}
      </Field>
    </View>
  );
}

/** The keys of a form whose values are text. */
type TextKey<F> = { [K in keyof F]: F[K] extends string ? K : never }[keyof F] & string;

/**
 * What ties a FormInput to one text field of a form: its value, its change, and the API's error for it (under
 * `errorKey` when the API names it otherwise, e.g. `price_fen` for the typed price).
 */
export function textBinder<F>(f: F, set: (patch: Partial<F>) => void, errors: Record<string, string>) {
  return (key: TextKey<F>, errorKey: string = key) => ({
    value: f[key] as string,
    onChange: (v: string) => set({ [key]: v } as Partial<F>),
    error: errors[errorKey],
  });
}
