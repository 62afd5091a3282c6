import { View, Text } from '@tarojs/components';
import { DatePicker, Input } from '@nutui/nutui-react-taro';
import { formatFen, type Offer, type Product } from '@cc/shared';
import { EmptyView } from '../../ui';
import { Card, Chips, Field, Tag, Thumb } from '../../ui';
import { when } from '../../commerce/lib';
import { tappable } from '../../ui/tappable';
import { KIND_NAMES, OFFER_STATES, nextTen, type OfferForm, type OffersPage } from './useOffers';

/** The shop's offers that run or will run. */
export function OfferList({ offers, products }: { offers: Offer[]; products: Product[] }) {
  if (offers.length === 0) return <EmptyView title="还没有活动" description="在下面选一个在售商品，设置活动价、数量和时间" />;
  return (
    <View data-testid="seller-offers-list">
      {offers.map((o) => {
        const unit = products.find((x) => x.id === o.product_id)?.unit ?? '';
        return (
          <View key={o.id} data-testid="seller-offer" data-offer={o.id}>
            <Card className="seller-offer">
              <View className="seller-offer__head cc-spread">
                <Text className="seller-offer__title">{o.title}</Text>
                <Tag tone={OFFER_STATES[o.state].tone}>{OFFER_STATES[o.state].text}</Tag>
              </View>
              <Text className="seller-offer__price">
                {formatFen(o.price_fen)}
                <Text className="seller-offer__regular">原价 {formatFen(o.regular_price_fen)}</Text>
              </Text>
              <Text className="biz-muted">
                {KIND_NAMES[o.kind]} · 剩 {o.quantity_left}/{o.quantity_total}
                {unit} · 每人限购 {o.per_user_limit}
              </Text>
              <Text className="biz-muted">
                {when(o.starts_at)} 至 {when(o.ends_at)}
              </Text>
            </Card>
          </View>
        );
      })}
    </View>
  );
}

/** The on-sale products to choose from (folded to the chosen one), each a radio with the keyboard. */
export function ProductChoice({ s }: { s: OffersPage }) {
  const { form, set, product, errors } = s;
  const products = s.load.kind === 'ready' ? s.load.products : [];
  const shown = product && !form.choosing ? [product] : products;
  return (
    <Field label="商品" required boxed={false} error={errors.product} className="offer-product">
      <View className="offer-products" role="radiogroup" aria-label="商品" data-testid="offer-products">
        {shown.map((p) => (
          <View
            key={p.id}
            className={`offer-product-choice ${p.id === form.productId ? 'offer-product-choice--on' : ''}`}
            {...tappable(() => set({ productId: p.id, choosing: false }))}
            role="radio"
            aria-checked={p.id === form.productId}
            data-product={p.id}
            data-testid="offer-product-choice"
          >
            <Thumb alt={p.name} url={p.image_urls[0]} size="sm" />
            <View className="offer-product-choice__body cc-grow">
              <Text className="offer-product-choice__name">{p.name}</Text>
              <Text className="biz-muted">
                原价 {formatFen(p.price_fen)}/{p.unit} · 库存 {p.stock}
              </Text>
            </View>
          </View>
        ))}
        {product && !form.choosing && products.length > 1 && (
          <View
            className="biz-link offer-product-change"
            data-testid="offer-product-change"
            {...tappable(() => set({ choosing: true }, true))}
          >
            <Text>换一个商品</Text>
          </View>
        )}
      </View>
    </Field>
  );
}

/** One text box of the form, labelled, with its test id. */
function Box(
  props: { s: OffersPage; name: 'title' | 'price' | 'quantity' | 'limit'; label: string; type?: 'digit' | 'number' } & {
    field: string;
    hint?: string;
    placeholder?: string;
    prefix?: string;
    suffix?: string;
  },
) {
  const { s, name, label } = props;
  return (
    <View data-testid={`offer-${name}`}>
      <Field label={label} required={name !== 'title'} error={s.errors[props.field]} hint={props.hint} className={`offer-${name}`}>
        {props.prefix && <Text className="biz-field__suffix">{props.prefix}</Text>}
        <Input
          aria-label={label}
          type={props.type}
          placeholder={props.placeholder}
          maxLength={name === 'title' ? 40 : undefined}
          value={s.form[name]}
          onChange={(v) => s.set({ [name]: v } as Partial<OfferForm>)}
        />
        {props.suffix !== undefined && <Text className="biz-field__suffix">{props.suffix}</Text>}
      </Field>
    </View>
  );
}

/** Kind, name, price, quantity and the per-person limit. */
export function OfferFields({ s }: { s: OffersPage }) {
  const { form, set, product: p } = s;
  const unit = p?.unit ?? '';
  return (
    <>
      <View data-testid="offer-kind">
        <Field label="活动类型" boxed={false} className="offer-kind">
          <Chips
            options={(['flash_sale', 'group_buy'] as const).map((k) => ({ value: k, label: KIND_NAMES[k] }))}
            value={form.kind}
            onChange={(kind) => set({ kind })}
          />
        </Field>
      </View>
      <Box
        s={s}
        name="title"
        field="title"
        label="活动名称"
        placeholder="如：周末鸡蛋特价"
        hint={p ? `不填就叫「${p.name} ${KIND_NAMES[form.kind]}」` : undefined}
      />
      <Box
        s={s}
        name="price"
        field="price_fen"
        label={`活动价（元/${p?.unit ?? '单位'}）`}
        type="digit"
        placeholder="0.00"
        prefix="¥"
        hint={p ? `须低于原价 ${formatFen(p.price_fen)}` : undefined}
      />
      <Box
        s={s}
        name="quantity"
        field="quantity_total"
        label="活动数量"
        type="number"
        placeholder="如 20"
        suffix={unit}
        hint={p ? `卖完即止；现有库存 ${p.stock}${p.unit}` : undefined}
      />
      <Box s={s} name="limit" field="per_user_limit" label="每人限购" type="number" suffix={unit} />
    </>
  );
}

/** When it starts (now, or a picked time) and ends, with one date picker for both. */
export function OfferTimes({ s }: { s: OffersPage }) {
  const { form, set, errors } = s;
  // The button's name carries the time it shows (axe label-content-name-mismatch).
  const startsText = form.starts ? when(form.starts.toISOString()) : '创建后立即开始';
  const endsText = when(form.ends.toISOString());
  return (
    <>
      <View data-testid="offer-starts">
        <Field label="开始时间" required error={errors.starts_at} className="offer-starts">
          <View className="biz-picker-trigger" {...tappable(() => set({ picking: 'starts' }, true), `开始时间：${startsText}`)}>
            <Text>{startsText}</Text>
          </View>
          {form.starts && (
            <View className="biz-field__suffix biz-link" {...tappable(() => set({ starts: null }))}>
              <Text>改为立即</Text>
            </View>
          )}
        </Field>
      </View>
      <View data-testid="offer-ends">
        <Field label="结束时间" required error={errors.ends_at} className="offer-ends">
          <View className="biz-picker-trigger" {...tappable(() => set({ picking: 'ends' }, true), `结束时间：${endsText}`)}>
            <Text>{endsText}</Text>
          </View>
        </Field>
      </View>
      <DatePicker
        title={form.picking === 'ends' ? '结束时间' : '开始时间'}
        type="datetime"
        visible={form.picking !== null}
        showChinese
        minuteStep={10}
        startDate={new Date()}
        endDate={new Date(Date.now() + 60 * 86_400_000)}
        defaultValue={form.picking === 'ends' ? form.ends : (form.starts ?? nextTen())}
        onClose={() => set({ picking: null }, true)}
        onConfirm={(_o, values) => {
          const [y, m, d, h, min] = values.map(Number) as [number, number, number, number, number];
          const at = new Date(y, m - 1, d, h, min);
          if (form.picking === 'ends') set({ ends: at });
          else set({ starts: at, ...(form.ends.getTime() <= at.getTime() ? { ends: new Date(at.getTime() + 2 * 3600_000) } : {}) });
        }}
      />
    </>
  );
}
