import { View } from '@tarojs/components';
import { TextArea } from '@nutui/nutui-react-taro';
import { MERCHANT_KINDS, type Community } from '@cc/shared';
import { Chips, Field } from '../../ui';
import { MERCHANT_KIND_NAMES } from '../../commerce/lib';
import type { Form } from './form';
import { FormInput, textBinder } from '../lib/FormInput';

type Props = { f: Form; errors: Record<string, string>; set(patch: Partial<Form>): void };

/** Kind (a new shop only), name, description and the village of origin (farms and co-ops). */
export function ShopFields({ f, errors, set, isNew }: Props & { isNew: boolean }) {
  const text = textBinder(f, set, errors);
  return (
    <>
      {isNew && (
        <View data-testid="seller-kind">
          <Field label="店铺类型" boxed={false} className="seller-kind">
            <Chips
              options={MERCHANT_KINDS.map((k) => ({ value: k, label: MERCHANT_KIND_NAMES[k] }))}
              value={f.kind}
              onChange={(kind) => set({ kind })}
            />
          </Field>
        </View>
      )}
      <FormInput
        name="seller-name"
        label="店铺名称"
        required
        placeholder={f.kind === 'store' ? '如：益乐惠民超市' : '如：陈家茶园、白沙村果蔬合作社'}
        maxLength={40}
        {...text('name')}
      />
      <View data-testid="seller-description">
        <Field label="简介" required={false} error={errors.description} className="seller-description">
          <TextArea
            aria-label="店铺简介"
            placeholder="卖什么、怎么种的、怎么送，居民在店铺页会看到"
            maxLength={500}
            rows={3}
            autoSize
            value={f.description}
            onChange={(description) => set({ description })}
          />
        </Field>
      </View>
      {f.kind !== 'store' && (
        <FormInput
          name="seller-village"
          label="产地（村）"
          required={false}
          hint="商品默认标这个产地"
          placeholder="如：径山村"
          maxLength={40}
          {...text('origin_village')}
        />
      )}
    </>
  );
}

/** Contact person and phone, and the communities the shop delivers to. */
export function ContactFields({ f, errors, set, communities }: Props & { communities: Community[] }) {
  const text = textBinder(f, set, errors);
  const toggle = (cid: string) => set({ serves: f.serves.includes(cid) ? f.serves.filter((x) => x !== cid) : [...f.serves, cid] });
  return (
    <>
      <FormInput name="seller-contact" label="联系人" required placeholder="姓名" maxLength={20} {...text('contact_name')} />
      <FormInput
        name="seller-phone"
        label="联系电话"
        required
        hint="居民看到的是打码后的号码"
        type="tel"
        placeholder="手机号或 0571-88001234"
        maxLength={13}
        {...text('contact_phone')}
      />
      <View data-testid="seller-serves">
        <Field
          label="配送到"
          boxed={false}
          error={errors.serves_community_ids}
          hint="只有这些社区和村的居民能看到并购买您的商品"
          className="seller-serves"
        >
          <Chips small options={communities.map((c) => ({ value: c.id, label: c.name }))} value={f.serves} onChange={toggle} />
        </Field>
      </View>
    </>
  );
}
