import { View, Text } from '@tarojs/components';
import { Button, Menu, MenuItem, SearchBar } from '@nutui/nutui-react-taro';
import { PRODUCT_SORTS, type ProductSort } from '@cc/shared';
import { EmptyView, ErrorView, LoadingView, MoreLine } from '../../ui';
import { ProductCard } from '../components';
import { SORT_NAMES, pageParam } from '../lib';
import type { ProductSearch } from '../useProductSearch';
import type { ListModel } from './useProductList';

/** The search words: searched on enter or 搜索, cleared with the cross (商品列表 and 为家人下单). */
export function ListSearch({ m }: { m: Pick<ProductSearch, 'typed' | 'setTyped' | 'setQ'> }) {
  return (
    <SearchBar
      className="shop-search"
      shape="round"
      placeholder="搜索蔬菜、水果、大米、产地…"
      maxLength={40}
      value={m.typed}
      onChange={(v) => m.setTyped(v)}
      onSearch={(v) => m.setQ(v.trim())}
      onClear={() => {
        m.setTyped('');
        m.setQ('');
      }}
      right={
        <Text className="shop-search__go" onClick={() => m.setQ(m.typed.trim())}>
          搜索
        </Text>
      }
    />
  );
}

/** The category and the order, as two drop-down menus. */
export function ListFilters({ m }: { m: ListModel }) {
  const categoryOptions = [{ text: '全部分类', value: '' }, ...m.categories.map((c) => ({ text: c.name, value: c.id }))];
  const categoryName = categoryOptions.find((o) => o.value === m.category)?.text ?? pageParam('category_name') ?? '全部分类';
  return (
    <Menu className="shop-filter" activeColor="var(--cc-color-brand)">
      <MenuItem
        className="shop-filter__category"
        title={categoryName}
        options={categoryOptions}
        value={m.category}
        onChange={(o: { value: string }) => m.setCategory(String(o.value))}
      />
      <MenuItem
        className="shop-filter__sort"
        title={SORT_NAMES[m.sort]}
        options={PRODUCT_SORTS.map((s) => ({ text: SORT_NAMES[s], value: s }))}
        value={m.sort}
        onChange={(o: { value: string }) => m.setSort(o.value as ProductSort)}
      />
    </Menu>
  );
}

/** Nothing found: what to try instead, and the way back to every product. */
function NothingFound({ m }: { m: ListModel }) {
  const { q, category } = m;
  return (
    <View className="shop-empty">
      <EmptyView
        title={q ? `没有找到“${q}”` : '这个分类暂时没有商品'}
        description={q ? '换个说法试试，比如“青菜”“大米”“径山村”；或者看看其他分类' : '看看其他分类，或者过几天再来'}
      />
      {(q || category) && (
        <Button fill="outline" type="primary" className="shop-empty__reset" onClick={m.showAll}>
          查看全部商品
        </Button>
      )}
    </View>
  );
}

/** The products found, page after page, or why there are none. */
export function ListBody({ m }: { m: ListModel }) {
  const { state } = m;
  if (m.setupError) return <ErrorView message={m.setupError} onRetry={() => void m.setup()} />;
  if (state.kind === 'loading') return <LoadingView />;
  if (state.kind === 'error') return <ErrorView message={state.message} onRetry={() => void m.reload()} />;
  if (state.items.length === 0) return <NothingFound m={m} />;
  return (
    <View className="shop-list">
      {state.items.map((p) => (
        <ProductCard key={p.id} product={p} offer={m.offers.get(p.id)} />
      ))}
      <MoreLine more={state.more} next={state.next} />
    </View>
  );
}
