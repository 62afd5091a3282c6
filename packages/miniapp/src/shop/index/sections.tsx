import Taro from '@tarojs/taro';
import { View, Text, ScrollView } from '@tarojs/components';
import { Badge, Button, Cell, Grid, GridItem, Popup, SearchBar } from '@nutui/nutui-react-taro';
import { Cart as CartIcon, Checked, Location, Order as OrderIcon } from '@nutui/icons-react-taro';
import type { Category, Community, Offer, Product } from '@cc/shared';
import { EmptyView, LoadingView, Notice, scrollRegion } from '../../ui';
import { LocalTile, ProductCard } from '../components';
import { SHOP_PAGES } from '../lib';
import type { HomeModel } from './useShopHome';

/** Colours of the category tiles (tokens --cc-category-1…8): one per top-level category, in catalogue order. */
const CATEGORY_COLOURS = Array.from({ length: 8 }, (_, i) => `var(--cc-category-${i + 1})`);
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

/** The community picker: every community and village, the current one ticked; choosing another reloads the home. */
export function CommunityPicker({ m }: { m: HomeModel }) {
  const { picker } = m;
  const currentId = m.state.kind === 'ready' ? m.state.community.id : null;
  return (
    <Popup
      visible={picker.open}
      position="bottom"
      round
      title="选择您所在的社区或村"
      onClose={m.closePicker}
      className="shop-community-picker"
    >
      <View className="shop-picker">
        {/* Our own close button: NutUI's writes an invalid aria-role attribute on H5 (axe critical aria-valid-attr). */}
        <Button size="small" fill="outline" className="shop-picker__close" onClick={m.closePicker}>
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
            extra={c.id === currentId ? <Checked color="var(--cc-color-brand)" /> : picker.busy === c.id ? '切换中…' : ''}
            clickable
            onClick={() => void (c.id === currentId ? m.closePicker() : m.switchTo(c))}
          />
        ))}
        {/* NutUI's own close icon carries an invalid aria-role (axe critical): a named button of ours instead. */}
        <Button block className="shop-picker__close" data-testid="community-picker-close" onClick={m.closePicker}>
          关闭
        </Button>
      </View>
    </Popup>
  );
}

/** The community being shopped for, and 切换. */
export function CommunityBar({ community, m }: { community: Community; m: HomeModel }) {
  return (
    <View className="shop-community" role="group" aria-label="当前社区">
      <Location size={18} color="var(--cc-color-brand)" />
      <View className="shop-community__text cc-grow">
        <Text className="shop-community__label">{community.kind === 'village' ? '当前村' : '当前社区'}</Text>
        <Text className="shop-community__name">{community.name}</Text>
      </View>
      <Button size="small" fill="outline" type="primary" className="shop-community__switch" onClick={() => void m.openPicker()}>
        切换
      </Button>
    </View>
  );
}

/** Search by words: opens the product list with them. */
export function HomeSearch({ m }: { m: HomeModel }) {
  return (
    <SearchBar
      className="shop-search"
      shape="round"
      placeholder="搜索蔬菜、水果、大米、产地…"
      maxLength={40}
      value={m.query}
      onChange={(v) => m.setQuery(v)}
      onSearch={(v) => m.search(v)}
      right={
        <Text className="shop-search__go" onClick={() => m.search(m.query)}>
          搜索
        </Text>
      }
    />
  );
}

/** 购物车 (with how many items are in it) and 我的订单. */
export function Entries({ cartCount }: { cartCount: number }) {
  return (
    <View className="shop-entries">
      <View className="shop-entry shop-entry--cart" onClick={() => void Taro.navigateTo({ url: SHOP_PAGES.cart })}>
        <Badge value={cartCount > 0 ? cartCount : undefined} max={99}>
          <CartIcon size={26} color="var(--cc-color-brand)" />
        </Badge>
        <Text className="shop-entry__text">购物车{cartCount > 0 ? `（${cartCount} 件）` : ''}</Text>
      </View>
      <View className="shop-entry shop-entry--orders" onClick={() => void Taro.navigateTo({ url: SHOP_PAGES.orders })}>
        <OrderIcon size={26} color="var(--cc-color-brand)" />
        <Text className="shop-entry__text">我的订单</Text>
      </View>
    </View>
  );
}

/** 商品分类: the top-level categories as tiles, and 全部商品. */
export function Categories({ categories }: { categories: Category[] }) {
  return (
    <>
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
    </>
  );
}

/** 本地好物: a strip of produce from farmers and co-ops of nearby villages. */
export function LocalStrip({ local, offers }: { local: Product[]; offers: Map<string, Offer> }) {
  return (
    <>
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
    </>
  );
}

/** 大家常买: what sells most in the community, and the way to all products. */
export function Popular({ popular, community, offers }: { popular: Product[]; community: Community; offers: Map<string, Offer> }) {
  return (
    <>
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
    </>
  );
}
