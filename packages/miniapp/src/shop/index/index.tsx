import { useCallback, useState } from 'react';
import Taro, { useDidShow, usePullDownRefresh } from '@tarojs/taro';
import { View, Text, ScrollView } from '@tarojs/components';
import { Badge, Button, Cell, Grid, GridItem, Popup, SearchBar } from '@nutui/nutui-react-taro';
import { Cart as CartIcon, Checked, Location, Order as OrderIcon } from '@nutui/icons-react-taro';
import { routes, type Category, type Community, type Me, type Product } from '@cc/shared';
import { call, errorMessage } from '../../api';
import { LocalTile, ProductCard } from '../components';
import { SHOP_PAGES } from '../lib';
import { useOffers } from '../offers';
import { scrollRegion } from '../../ui/tappable';
import '../shop.css';
import { EmptyView, ErrorView, LoadingView, Notice } from '../../ui';

type Ready = {
  kind: 'ready';
  me: Me;
  community: Community;
  categories: Category[];
  local: Product[];
  popular: Product[];
  cartCount: number;
};
type State = { kind: 'loading' } | { kind: 'error'; message: string } | { kind: 'no-community'; me: Me } | Ready;

/** Colours of the category tiles: one per top-level category, in catalogue order. */
const CATEGORY_COLOURS = ['#2e7d32', '#c75b12', '#8d6e0f', '#b3261e', '#0b5cad', '#6a4c93', '#455a64', '#00695c'];
/** One character that tells the categories apart at a glance (水果 and 水产 both start with 水). */
const CATEGORY_GLYPHS: Record<string, string> = {
  vegetables: '菜',
  fruit: '果',
  grain_oil: '米',
  meat_eggs: '蛋',
  aquatic: '鱼',
  processed: '茶',
  daily: '日',
};

/** Farmers' and co-ops' produce, alternating, so both kinds of local seller show up in the strip. */
function interleave(a: Product[], b: Product[]): Product[] {
  const out: Product[] = [];
  for (let i = 0; i < Math.max(a.length, b.length); i++) {
    if (a[i]) out.push(a[i]!);
    if (b[i]) out.push(b[i]!);
  }
  return out;
}

/** 社区商城 home: the community being shopped for, search, categories, local produce, cart and orders. */
export default function ShopHome() {
  const [state, setState] = useState<State>({ kind: 'loading' });
  const [picker, setPicker] = useState<{ open: boolean; items: Community[] | null; error: string | null; busy: string | null }>({
    open: false,
    items: null,
    error: null,
    busy: null,
  });
  const [query, setQuery] = useState('');
  const offers = useOffers(state.kind === 'ready' ? state.community.id : null);

  const load = useCallback(async () => {
    setState((s) => (s.kind === 'ready' ? s : { kind: 'loading' }));
    try {
      const me = await call(routes.getMe, {});
      if (!me.community_id) {
        setState({ kind: 'no-community', me });
        return;
      }
      const community_id = me.community_id;
      const search = (q: Partial<{ merchant_kind: 'farmer' | 'coop'; sort: 'newest' | 'sales' }>, limit: number) =>
        call(routes.searchProducts, { query: { community_id, limit, in_stock: 'true', sort: q.sort ?? 'newest', ...q } });
      const [community, categories, farmers, coops, popular, cart] = await Promise.all([
        call(routes.getCommunity, { params: { community_id } }),
        call(routes.listCategories, {}),
        search({ merchant_kind: 'farmer' }, 6),
        search({ merchant_kind: 'coop' }, 6),
        search({ sort: 'sales' }, 6),
        call(routes.getCart, {}),
      ]);
      setState({
        kind: 'ready',
        me,
        community,
        categories: categories.items.filter((c) => c.parent_id === null).sort((a, b) => a.order - b.order),
        local: interleave(farmers.items, coops.items).filter((p) => p.origin_village),
        popular: popular.items,
        cartCount: cart.lines.reduce((n, l) => n + l.quantity, 0),
      });
    } catch (e) {
      setState({ kind: 'error', message: errorMessage(e) });
    } finally {
      Taro.stopPullDownRefresh();
    }
  }, []);

  useDidShow(() => void load());
  usePullDownRefresh(() => void load());

  async function openPicker() {
    setPicker((p) => ({ ...p, open: true, error: null }));
    if (picker.items) return;
    try {
      const page = await call(routes.listCommunities, { query: { limit: 100 } });
      setPicker((p) => ({ ...p, items: page.items }));
    } catch (e) {
      setPicker((p) => ({ ...p, error: errorMessage(e) }));
    }
  }

  async function switchTo(c: Community) {
    setPicker((p) => ({ ...p, busy: c.id, error: null }));
    try {
      await call(routes.updateMe, { body: { community_id: c.id } });
      setPicker((p) => ({ ...p, open: false, busy: null }));
      setState({ kind: 'loading' });
      await load();
    } catch (e) {
      setPicker((p) => ({ ...p, busy: null, error: errorMessage(e) }));
    }
  }

  function search(q: string) {
    const text = q.trim();
    if (!text) return;
    void Taro.navigateTo({ url: `${SHOP_PAGES.list}?q=${encodeURIComponent(text)}` });
  }

  const currentId = state.kind === 'ready' ? state.community.id : null;
  const pickerPopup = (
    <Popup
      visible={picker.open}
      position="bottom"
      round
      title="选择您所在的社区或村"
      onClose={() => setPicker((p) => ({ ...p, open: false }))}
      className="shop-community-picker"
    >
      <View className="shop-picker">
        {/* Our own close button: NutUI's writes an invalid aria-role attribute on H5 (axe critical aria-valid-attr). */}
        <Button size="small" fill="outline" className="shop-picker__close" onClick={() => setPicker((p) => ({ ...p, open: false }))}>
          关闭
        </Button>
        <Text className="shop-picker__hint">商品、配送时段和自提点都按所选社区或村显示。</Text>
        {picker.error && <Notice tone="danger">{picker.error}</Notice>}
        {!picker.items && !picker.error && <LoadingView />}
        {picker.items?.map((c) => (
          <Cell
            key={c.id}
            className="shop-picker__item"
            title={c.name}
            description={`${c.kind === 'village' ? '村' : '社区'} · ${c.district}`}
            extra={c.id === currentId ? <Checked color="#0b6e4f" /> : picker.busy === c.id ? '切换中…' : ''}
            clickable
            onClick={() => void (c.id === currentId ? setPicker((p) => ({ ...p, open: false })) : switchTo(c))}
          />
        ))}
        {/* NutUI's own close icon carries an invalid aria-role (axe critical): a named button of ours instead. */}
        <Button
          block
          className="shop-picker__close"
          data-testid="community-picker-close"
          onClick={() => setPicker((p) => ({ ...p, open: false }))}
        >
          关闭
        </Button>
      </View>
    </Popup>
  );

  if (state.kind === 'loading') return <LoadingView />;
  if (state.kind === 'error')
    return (
      <View className="page">
        <ErrorView message={state.message} onRetry={() => void load()} />
      </View>
    );
  if (state.kind === 'no-community')
    return (
      <View className="page">
        <EmptyView title="请先选择您所在的社区或村" description="商城按社区或村显示能送到您家的商品" />
        <Button block type="primary" onClick={() => void openPicker()}>
          选择社区或村
        </Button>
        {pickerPopup}
      </View>
    );

  const { community, categories, local, popular, cartCount } = state;
  return (
    <View className="page shop-home">
      <View className="shop-community" role="group" aria-label="当前社区">
        <Location size={18} color="#0b6e4f" />
        <View className="shop-community__text">
          <Text className="shop-community__label">{community.kind === 'village' ? '当前村' : '当前社区'}</Text>
          <Text className="shop-community__name">{community.name}</Text>
        </View>
        <Button size="small" fill="outline" type="primary" className="shop-community__switch" onClick={() => void openPicker()}>
          切换
        </Button>
      </View>

      <SearchBar
        className="shop-search"
        shape="round"
        placeholder="搜索蔬菜、水果、大米、产地…"
        maxLength={40}
        value={query}
        onChange={(v) => setQuery(v)}
        onSearch={(v) => search(v)}
        right={
          <Text className="shop-search__go" onClick={() => search(query)}>
            搜索
          </Text>
        }
      />

      <View className="shop-entries">
        <View className="shop-entry shop-entry--cart" onClick={() => void Taro.navigateTo({ url: SHOP_PAGES.cart })}>
          <Badge value={cartCount > 0 ? cartCount : undefined} max={99}>
            <CartIcon size={26} color="#0b6e4f" />
          </Badge>
          <Text className="shop-entry__text">购物车{cartCount > 0 ? `（${cartCount} 件）` : ''}</Text>
        </View>
        <View className="shop-entry shop-entry--orders" onClick={() => void Taro.navigateTo({ url: SHOP_PAGES.orders })}>
          <OrderIcon size={26} color="#0b6e4f" />
          <Text className="shop-entry__text">我的订单</Text>
        </View>
      </View>

      <View className="section-title">
        <Text>商品分类</Text>
      </View>
      <Grid columns={4} className="shop-categories">
        {categories.map((c, i) => (
          <GridItem
            key={c.id}
            className="shop-category"
            text={c.name}
            onClick={() =>
              void Taro.navigateTo({ url: `${SHOP_PAGES.list}?category_id=${c.id}&category_name=${encodeURIComponent(c.name)}` })
            }
          >
            <View className="shop-category__icon" style={{ background: CATEGORY_COLOURS[i % CATEGORY_COLOURS.length] }}>
              <Text>{CATEGORY_GLYPHS[c.code] ?? c.name.slice(0, 1)}</Text>
            </View>
          </GridItem>
        ))}
        <GridItem className="shop-category" text="全部商品" onClick={() => void Taro.navigateTo({ url: SHOP_PAGES.list })}>
          <View className="shop-category__icon shop-category__icon--all">
            <Text>全</Text>
          </View>
        </GridItem>
      </Grid>

      <View className="section-title shop-section-head">
        <Text>本地好物</Text>
        <Text className="shop-section-head__sub">附近村里农户和合作社的当季产品</Text>
      </View>
      {local.length === 0 ? (
        <EmptyView title="暂时没有本地农产品" description="附近的农户上架后会显示在这里" />
      ) : (
        <ScrollView scrollX className="local-strip" enhanced showScrollbar={false} {...scrollRegion('本地好物')}>
          <View className="local-strip__row">
            {local.map((p) => (
              <LocalTile key={p.id} product={p} offer={offers.get(p.id)} />
            ))}
          </View>
        </ScrollView>
      )}

      <View className="section-title">
        <Text>大家常买</Text>
      </View>
      {popular.length === 0 ? (
        <EmptyView title="这里还没有在售商品" description={`暂时没有商户给${community.name}供货`} />
      ) : (
        <View className="shop-list">
          {popular.map((p) => (
            <ProductCard key={p.id} product={p} offer={offers.get(p.id)} />
          ))}
          <Button block fill="outline" type="primary" className="shop-all" onClick={() => void Taro.navigateTo({ url: SHOP_PAGES.list })}>
            查看全部商品
          </Button>
        </View>
      )}
      {pickerPopup}
    </View>
  );
}
