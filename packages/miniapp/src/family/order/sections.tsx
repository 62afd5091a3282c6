import { View, Text } from '@tarojs/components';
import { Button, Radio } from '@nutui/nutui-react-taro';
import { Chips, EmptyView, ErrorView, LoadingView, Money, MoreLine, Notice, Stepper, Thumb } from '../../ui';
import { ListSearch } from '../../shop/list/sections';
import type { ProxyOrderModel } from './useProxyOrder';

type Ready = Extract<ProxyOrderModel['state'], { kind: 'ready' }>;

/** The search words and the category, over what is sold in the elder's community. */
export function Finder({ d, m }: { d: Ready; m: ProxyOrderModel }) {
  const { search } = m;
  const options = [{ value: '', label: '全部' }, ...d.categories.map((c) => ({ value: c.id, label: c.name }))];
  return (
    <View className="family-card family-finder">
      <Text className="family-card__title">选商品（{d.link.elder_name}所在社区在售）</Text>
      <ListSearch m={search} />
      <Chips small options={options} value={search.category} onChange={(v) => search.setCategory(v)} className="family-categories" />
    </View>
  );
}

/** The products found, with photo, price and a stepper; 加载更多 below while there are more. */
export function Goods({ m }: { m: ProxyOrderModel }) {
  const { state } = m.search;
  if (state.kind === 'loading') return <LoadingView />;
  if (state.kind === 'error') return <ErrorView message={state.message} onRetry={() => void m.search.reload()} />;
  if (state.items.length === 0)
    return (
      <View className="family-card" data-testid="proxy-nothing">
        <EmptyView title={m.search.q ? `没有找到“${m.search.q}”` : '这个分类暂时没有商品'} description="换个说法或分类试试" />
        <Button fill="outline" type="primary" onClick={m.search.showAll}>
          查看全部商品
        </Button>
      </View>
    );
  return (
    <View className="family-card family-goods">
      {state.items.map((p) => (
        <View key={p.id} className="family-goods__row" data-testid="proxy-product" data-sku={p.sku}>
          <Thumb alt={p.name} url={p.image_urls[0]} size="xs" tintKey={p.category_path[0]} />
          <View className="family-goods__what">
            <Text className="family-goods__name">{p.name}</Text>
            <Text className="family-card__line">{p.spec || p.merchant.name}</Text>
            <Money fen={p.price_fen} unit={p.unit} />
          </View>
          <Stepper
            value={m.chosen.quantityOf(p.id)}
            min={0}
            max={Math.min(p.stock, 99)}
            label={`${p.name}数量`}
            onChange={(q) => m.chosen.setQuantity(p, q)}
          />
        </View>
      ))}
      {state.next && state.more !== 'loading' ? (
        <Button fill="outline" type="primary" data-testid="proxy-more" onClick={() => m.search.more()}>
          加载更多
        </Button>
      ) : (
        <MoreLine more={state.more} next={state.next} />
      )}
    </View>
  );
}

/** 已选: everything chosen so far, whatever is searched now. */
export function Chosen({ m }: { m: ProxyOrderModel }) {
  if (m.chosen.lines.length === 0) return null;
  return (
    <View className="family-card" data-testid="proxy-chosen">
      <Text className="family-card__title">已选 {m.chosen.lines.length} 种</Text>
      {m.chosen.lines.map((l) => (
        <View key={l.product.id} className="family-row cc-spread" data-testid="proxy-chosen-line">
          <Text>
            {l.product.name} × {l.quantity}
            {l.product.unit}
          </Text>
          <Money fen={l.product.price_fen * l.quantity} />
        </View>
      ))}
    </View>
  );
}

/** The elder's address and a delivery slot in their community. */
export function Where({ d, m }: { d: Ready; m: ProxyOrderModel }) {
  const addresses = d.link.elder?.addresses ?? [];
  return (
    <View className="family-card">
      <Text className="family-card__title">送到{d.link.elder_name}家</Text>
      {addresses.length === 0 && (
        <Notice tone="warning">
          <Text>家人的地址簿里还没有地址，请家人到服务站登记。</Text>
        </Notice>
      )}
      <Radio.Group value={m.addressId ?? ''} onChange={(v) => m.setAddressId(String(v))}>
        {addresses.map((a) => (
          <Radio key={a.id} value={a.id}>
            {a.label} · {a.detail}
          </Radio>
        ))}
      </Radio.Group>
      <Text className="family-card__title">配送时段</Text>
      <Radio.Group value={m.slotKey ?? ''} onChange={(v) => m.setSlotKey(String(v))}>
        {d.slots.slice(0, 6).map((s) => (
          <Radio key={s.slot_key} value={s.slot_key} data-slot={s.slot_key}>
            {s.date} {s.start}–{s.end}
          </Radio>
        ))}
      </Radio.Group>
    </View>
  );
}
