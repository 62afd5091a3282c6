import { View } from '@tarojs/components';
import { Button } from '@nutui/nutui-react-taro';
import { Chips, Field, FieldHint, TextField } from '../../ui';
import { CATEGORY_OPTIONS, varietiesOf } from '../../farmer/lib/agri';
import type { SearchPage, Sort } from './useSearch';

const DISTANCES = [
  { value: 'any', label: '不限' },
  { value: '10', label: '10 公里内' },
  { value: '30', label: '30 公里内' },
  { value: '100', label: '100 公里内' },
];
const SORTS: { value: Sort; label: string }[] = [
  { value: 'relevance', label: '最相关' },
  { value: 'distance', label: '最近' },
  { value: 'price', label: '价格最低' },
  { value: 'newest', label: '最新' },
];

/** Word, category and variety. */
export function WhatFilters({ page }: { page: SearchPage }) {
  const f = page.filters;
  return (
    <>
      <TextField
        testid="search-q"
        label="关键词"
        value={f.q}
        placeholder="如 青菜、高山茶叶"
        maxLength={40}
        onChange={(q) => page.set({ q }, false)}
      />
      <View data-testid="search-category">
        <Field label="品类" boxed={false}>
          <Chips
            small
            options={CATEGORY_OPTIONS}
            value={f.category}
            onChange={(c) => page.set({ category: c === f.category ? null : c, variety: null })}
          />
        </Field>
      </View>
      {f.category && (
        <View data-testid="search-variety">
          <Field label="品种" boxed={false}>
            <Chips
              small
              options={varietiesOf(f.category).map((v) => ({ value: v, label: v }))}
              value={f.variety}
              onChange={(v) => page.set({ variety: v === f.variety ? null : v })}
            />
          </Field>
        </View>
      )}
    </>
  );
}

/** Distance, price per 斤 (base unit), certified only, sort; 搜索 applies the typed ones. */
export function MoreFilters({ page }: { page: SearchPage }) {
  const f = page.filters;
  return (
    <>
      <View data-testid="search-distance">
        <Field label={page.home ? `距离（从${page.home.name}算起）` : '距离'} boxed={false}>
          <Chips
            small
            options={DISTANCES}
            value={f.within_km === null ? 'any' : String(f.within_km)}
            onChange={(v) => page.set({ within_km: v === 'any' ? null : Number(v) })}
          />
        </Field>
      </View>
      <TextField
        testid="search-price-min"
        label="最低价（元/斤或每件）"
        keypad="decimal"
        value={f.price_min}
        placeholder="不限"
        onChange={(price_min) => page.set({ price_min }, false)}
      />
      <TextField
        testid="search-price-max"
        label="最高价（元/斤或每件）"
        keypad="decimal"
        value={f.price_max}
        placeholder="不限"
        onChange={(price_max) => page.set({ price_max }, false)}
      />
      <View data-testid="search-certified">
        <Field label="认证" boxed={false}>
          <Chips
            small
            options={[
              { value: 'all', label: '全部' },
              { value: 'certified', label: '只看有认证的' },
            ]}
            value={f.certified_only ? 'certified' : 'all'}
            onChange={(v) => page.set({ certified_only: v === 'certified' })}
          />
        </Field>
      </View>
      <View data-testid="search-sort">
        <Field label="排序" boxed={false}>
          <Chips small options={SORTS} value={f.sort} onChange={(sort) => page.set({ sort })} />
        </Field>
      </View>
      <FieldHint error={page.problem} testid="search-problem" />
      <Button type="primary" block data-testid="search-go" onClick={page.search}>
        搜索
      </Button>
    </>
  );
}
