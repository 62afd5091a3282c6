import { useEffect, useState } from 'react';
import Taro, { usePullDownRefresh, useReachBottom } from '@tarojs/taro';
import { View, Text } from '@tarojs/components';
import { Button, Menu, MenuItem, SearchBar } from '@nutui/nutui-react-taro';
import { PRODUCT_SORTS, routes, type Category, type Product, type ProductSort } from '@cc/shared';
import { call, errorMessage } from '../../api';
import { ProductCard } from '../components';
import { SORT_NAMES, pageParam } from '../lib';
import { useOffers } from '../offers';
import { usePaged } from '../../commerce/lib';
import '../shop.css';
import { EmptyView, ErrorView, LoadingView, MoreLine } from '../../ui';

const PAGE_SIZE = 20;

/** 商品列表: text search, category, sort; the next page by cursor on reaching the bottom. */
export default function ProductList() {
  const [q, setQ] = useState(() => pageParam('q') ?? '');
  const [typed, setTyped] = useState(q);
  const [category, setCategory] = useState<string>(() => pageParam('category_id') ?? '');
  const [sort, setSort] = useState<ProductSort>('newest');
  const [categories, setCategories] = useState<Category[]>([]);
  const [community, setCommunity] = useState<string | null>(null);
  const [setupError, setSetupError] = useState<string | null>(null);
  const { state, reload, more } = usePaged<Product>();
  const offers = useOffers(community);

  async function setup() {
    setSetupError(null);
    try {
      const [me, cats] = await Promise.all([call(routes.getMe, {}), call(routes.listCategories, {})]);
      setCategories(cats.items.filter((c) => c.parent_id === null).sort((a, b) => a.order - b.order));
      if (!me.community_id) setSetupError('请先在商城首页选择您所在的社区或村');
      else setCommunity(me.community_id);
    } catch (e) {
      setSetupError(errorMessage(e));
    }
  }
  useEffect(() => void setup(), []);

  // A new search, category or order starts again from the first page.
  useEffect(() => {
    if (!community) return;
    void reload((cursor) =>
      call(routes.searchProducts, {
        query: {
          community_id: community,
          limit: PAGE_SIZE,
          sort,
          ...(q ? { q } : {}),
          ...(category ? { category_id: category } : {}),
          ...(cursor ? { cursor } : {}),
        },
      }),
    );
  }, [community, q, category, sort, reload]);

  usePullDownRefresh(() => void reload(undefined, { quiet: true }).finally(() => Taro.stopPullDownRefresh()));
  useReachBottom(() => more());

  const categoryOptions = [{ text: '全部分类', value: '' }, ...categories.map((c) => ({ text: c.name, value: c.id }))];
  const categoryName = categoryOptions.find((o) => o.value === category)?.text ?? pageParam('category_name') ?? '全部分类';

  let body;
  if (setupError) body = <ErrorView message={setupError} onRetry={() => void setup()} />;
  else if (state.kind === 'loading') body = <LoadingView />;
  else if (state.kind === 'error') body = <ErrorView message={state.message} onRetry={() => void reload()} />;
  else if (state.items.length === 0)
    body = (
      <View className="shop-empty">
        <EmptyView
          title={q ? `没有找到“${q}”` : '这个分类暂时没有商品'}
          description={q ? '换个说法试试，比如“青菜”“大米”“径山村”；或者看看其他分类' : '看看其他分类，或者过几天再来'}
        />
        {(q || category) && (
          <Button
            fill="outline"
            type="primary"
            className="shop-empty__reset"
            onClick={() => {
              setQ('');
              setTyped('');
              setCategory('');
            }}
          >
            查看全部商品
          </Button>
        )}
      </View>
    );
  else
    body = (
      <View className="shop-list">
        {state.items.map((p) => (
          <ProductCard key={p.id} product={p} offer={offers.get(p.id)} />
        ))}
        <MoreLine more={state.more} next={state.next} />
      </View>
    );

  return (
    <View className="page shop-list-page">
      <SearchBar
        className="shop-search"
        shape="round"
        placeholder="搜索蔬菜、水果、大米、产地…"
        maxLength={40}
        value={typed}
        onChange={(v) => setTyped(v)}
        onSearch={(v) => setQ(v.trim())}
        onClear={() => {
          setTyped('');
          setQ('');
        }}
        right={
          <Text className="shop-search__go" onClick={() => setQ(typed.trim())}>
            搜索
          </Text>
        }
      />
      <Menu className="shop-filter" activeColor="#0b6e4f">
        <MenuItem
          className="shop-filter__category"
          title={categoryName}
          options={categoryOptions}
          value={category}
          onChange={(o: { value: string }) => setCategory(String(o.value))}
        />
        <MenuItem
          className="shop-filter__sort"
          title={SORT_NAMES[sort]}
          options={PRODUCT_SORTS.map((s) => ({ text: SORT_NAMES[s], value: s }))}
          value={sort}
          onChange={(o: { value: string }) => setSort(o.value as ProductSort)}
        />
      </Menu>
      {body}
    </View>
  );
}
