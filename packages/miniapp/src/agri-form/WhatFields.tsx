import { View, Text } from '@tarojs/components';
import { Input } from '@nutui/nutui-react-taro';
import type { AgriCategory, AgriUnit } from '@cc/shared';
import { Chips, Field } from '../ui';
import { CATEGORY_OPTIONS, unitsOf, varietiesOf } from '../farmer/lib/agri';

type What = { category: AgriCategory | null; variety: string; unit: AgriUnit | null };
type WhatProps<F extends What> = {
  f: F;
  errors: Record<string, string>;
  set(patch: Partial<What>): void;
  editing: boolean;
  /** Test ids: <prefix>-category, -variety, -unit. */
  prefix: string;
};

/** Category (fixed once posted), then a variety from the category's list or typed, then a unit that fits. */
export function WhatFields<F extends What>({ f, errors, set, editing, prefix }: WhatProps<F>) {
  const pick = (category: AgriCategory) => {
    const units = unitsOf(category);
    set({ category, variety: '', unit: f.unit && units.includes(f.unit) ? f.unit : (units[0] ?? null) });
  };
  const known = varietiesOf(f.category);
  return (
    <>
      <View data-testid={`${prefix}-category`}>
        <Field label="品类" required boxed={false} error={errors.category}>
          {editing ? (
            <Text className="agri-muted">{CATEGORY_OPTIONS.find((o) => o.value === f.category)?.label}（发布后不能改品类）</Text>
          ) : (
            <Chips small options={CATEGORY_OPTIONS} value={f.category} onChange={pick} />
          )}
        </Field>
      </View>
      {f.category && (
        <View data-testid={`${prefix}-variety`}>
          <Field label="品种" required boxed={false} error={errors.variety} hint="没有的品种直接填写，服务站确认后归类">
            <Chips small options={known.map((v) => ({ value: v, label: v }))} value={f.variety} onChange={(variety) => set({ variety })} />
            <View className="cc-field__box">
              <Input aria-label="品种" placeholder="或填写品种" maxLength={20} value={f.variety} onChange={(variety) => set({ variety })} />
            </View>
          </Field>
        </View>
      )}
      {f.category && (
        <View data-testid={`${prefix}-unit`}>
          <Field label="单位" required boxed={false} error={errors.unit}>
            <Chips
              small
              options={unitsOf(f.category).map((u) => ({ value: u, label: u }))}
              value={f.unit}
              onChange={(unit) => set({ unit })}
            />
          </Field>
        </View>
      )}
    </>
  );
}
