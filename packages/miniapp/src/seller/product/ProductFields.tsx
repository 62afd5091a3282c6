import { useState } from 'react';
import { View, Text } from '@tarojs/components';
import { DatePicker, Input, TextArea } from '@nutui/nutui-react-taro';
import { PRODUCT_IMAGES_MAX, PRODUCT_UNITS, fromShanghai, shanghaiDate, type Category } from '@cc/shared';
import { tappable } from '../../ui/tappable';
import type { Form } from './form';
import { Chips, Field, PHOTO_RULES, PhotoPicker } from '../../ui';
import { FormInput, textBinder } from '../lib/FormInput';

type Props = { f: Form; errors: Record<string, string>; set(patch: Partial<Form>): void };

/** Photos, name, category (two levels) and unit. */
function WhatFields({ f, errors, set, categories }: Props & { categories: Category[] }) {
  const text = textBinder(f, set, errors);
  const tops = categories.filter((c) => c.parent_id === null).sort((a, b) => a.order - b.order);
  const subs = categories.filter((c) => c.parent_id === f.top).sort((a, b) => a.order - b.order);
  return (
    <>
      <View data-testid="product-images">
        <Field label="图片" required={false} boxed={false} className="seller-images-field">
          <PhotoPicker
            cover
            value={f.images}
            max={PRODUCT_IMAGES_MAX}
            hint={`${PHOTO_RULES}；第一张是封面`}
            onChange={(images) => set({ images })}
          />
        </Field>
      </View>
      <FormInput name="product-name" label="商品名称" required placeholder="如：高山小青菜" maxLength={60} {...text('name')} />
      <View data-testid="product-category">
        <Field label="分类" required boxed={false} error={errors.category_id} className="product-category">
          <Chips
            small
            className="product-category__top"
            options={tops.map((c) => ({ value: c.id, label: c.name }))}
            value={f.top}
            onChange={(top) => set({ top, category_id: null })}
          />
          {f.top && (
            <View className="product-category__subs" data-testid="product-subcategory">
              <Chips
                small
                options={subs.map((c) => ({ value: c.id, label: c.name }))}
                value={f.category_id}
                onChange={(category_id) => set({ category_id })}
              />
            </View>
          )}
        </Field>
      </View>
      <View data-testid="product-unit">
        <Field label="单位" required boxed={false} error={errors.unit} className="product-unit">
          <Chips small options={PRODUCT_UNITS.map((u) => ({ value: u, label: u }))} value={f.unit} onChange={(unit) => set({ unit })} />
        </Field>
      </View>
    </>
  );
}

/** Price, opening stock (new products only), spec and village. */
function AmountFields({ f, errors, set, editing }: Props & { editing: boolean }) {
  const text = textBinder(f, set, errors);
  return (
    <>
      <FormInput
        name="product-price"
        label={`价格（元/${f.unit ?? '单位'}）`}
        ariaLabel="价格（元）"
        required
        hint="如 3.50，最多两位小数"
        type="digit"
        placeholder="0.00"
        before={<Text className="biz-field__suffix">¥</Text>}
        {...text('price', 'price_fen')}
      />
      {!editing && (
        <FormInput
          name="product-stock"
          label="库存"
          required
          type="number"
          placeholder="现在能卖多少"
          after={<Text className="biz-field__suffix">{f.unit ?? ''}</Text>}
          {...text('stock')}
        />
      )}
      <FormInput
        name="product-spec"
        label="规格"
        required={false}
        placeholder="如：约 500 克/份、5 公斤/袋"
        maxLength={40}
        {...text('spec')}
      />
      <FormInput name="product-village" label="产地" required={false} placeholder="如：径山村" maxLength={40} {...text('origin_village')} />
    </>
  );
}

/** Harvest date (a date picker), keywords and description. */
function MoreFields({ f, errors, set }: Props) {
  const [dateOpen, setDateOpen] = useState(false);
  const today = shanghaiDate(new Date());
  return (
    <>
      <Field label="采收日期" required={false} error={errors.harvest_date} className="product-harvest">
        <View
          className={`biz-picker-trigger ${f.harvest_date ? '' : 'biz-picker-trigger--empty'}`}
          data-testid="product-harvest"
          {...tappable(() => setDateOpen(true), `采收日期 ${f.harvest_date || '选择日期（蔬菜水果建议填写）'}`)}
        >
          <Text>{f.harvest_date || '选择日期（蔬菜水果建议填写）'}</Text>
        </View>
        {f.harvest_date && (
          <View className="biz-field__suffix biz-link" {...tappable(() => set({ harvest_date: '' }), '清除采收日期')}>
            <Text>清除</Text>
          </View>
        )}
      </Field>
      <Field
        label="关键词"
        required={false}
        error={errors.keywords}
        hint="用空格分开，方便居民搜到，如：青菜 上海青"
        className="product-keywords"
      >
        <Input aria-label="关键词" placeholder="最多 10 个" value={f.keywords} onChange={(keywords) => set({ keywords })} />
      </Field>
      <Field label="商品描述" required={false} error={errors.description} className="product-description">
        <TextArea
          aria-label="商品描述"
          placeholder="怎么种的、什么口感、怎么保存"
          maxLength={1000}
          rows={3}
          autoSize
          value={f.description}
          onChange={(description) => set({ description })}
        />
      </Field>
      <DatePicker
        title="采收日期"
        type="date"
        visible={dateOpen}
        showChinese
        startDate={fromShanghai('2020-01-01', '12:00')}
        endDate={fromShanghai(today, '12:00')}
        defaultValue={fromShanghai(f.harvest_date || today, '12:00')}
        onClose={() => setDateOpen(false)}
        onConfirm={(_o, values) => {
          const [y, m, d] = values.map((v) => String(v).padStart(2, '0'));
          set({ harvest_date: `${y}-${m}-${d}` });
        }}
      />
    </>
  );
}

/** Every field of a product, under 商品信息 on a product's page. */
export function ProductFields(props: Props & { categories: Category[]; editing: boolean }) {
  return (
    <View className="biz-form">
      {props.editing && <Text className="biz-card__title">商品信息</Text>}
      <WhatFields {...props} />
      <AmountFields {...props} />
      <MoreFields {...props} />
    </View>
  );
}
