import { useState } from 'react';
import { View, Text } from '@tarojs/components';
import { Button, Input } from '@nutui/nutui-react-taro';
import { formatFen, routes, type Product } from '@cc/shared';
import { call, errorMessage } from '../../api';
import { ConfirmButton } from '../../commerce/components';
import { MERCHANT_KIND_NAMES, when } from '../../commerce/lib';
import { Card, EmptyView, ErrorView, LoadingView, Notice, ProductStatusTag, ReasonBox, Remark, Thumb } from '../../ui';
import type { ProductsPage } from './useProducts';

/** A product as the station sees it: who sells it, the price, and why it is hidden. */
function ProductLine({ product: p }: { product: Product }) {
  return (
    <View className="op-product__main">
      <Thumb alt={p.name} url={p.image_urls[0]} size="xs" />
      <View className="op-product__body cc-grow">
        <View className="op-row-head cc-spread">
          <Text className="op-product__name cc-grow">{p.name}</Text>
          <ProductStatusTag status={p.status} />
        </View>
        <Text className="biz-muted">
          {p.merchant.name} · {MERCHANT_KIND_NAMES[p.merchant.kind]} · {formatFen(p.price_fen)}/{p.unit}
        </Text>
      </View>
    </View>
  );
}

function HideBox({ product, onHidden }: { product: Product; onHidden(p: Product): void }) {
  const [open, setOpen] = useState(false);
  const [error, setError] = useState<string | null>(null);
  if (!open)
    return (
      <Button type="danger" fill="outline" block className="op-product__hide" onClick={() => setOpen(true)}>
        隐藏
      </Button>
    );
  return (
    <View>
      {error && (
        <Notice tone="danger">
          <Text>{error}</Text>
        </Notice>
      )}
      <ReasonBox
        className="op-product__hide-reason"
        label="隐藏原因"
        placeholder="如：标注产地与实际不符；商家会看到这条原因"
        submitText="确定隐藏"
        danger
        onCancel={() => setOpen(false)}
        onSubmit={async (reason) => {
          setError(null);
          try {
            onHidden(await call(routes.hideProduct, { params: { product_id: product.id }, body: { reason } }));
            return true;
          } catch (e) {
            setError(errorMessage(e));
            return false;
          }
        }}
      />
    </View>
  );
}

function HiddenCard({ s, product: p }: { s: ProductsPage; product: Product }) {
  return (
    <Card className="op-product op-product--hidden">
      <View data-product={p.id}>
        <ProductLine product={p} />
      </View>
      {p.hidden && (
        <Remark tone="danger" className="op-product__reason">
          {when(p.hidden.at)} 隐藏：{p.hidden.reason}
        </Remark>
      )}
      <ConfirmButton
        className="op-product__unhide"
        question={`取消隐藏后「${p.name}」回到隐藏前的状态，居民又能看到它。`}
        confirmText="确定取消隐藏"
        onConfirm={() => s.unhide(p)}
      >
        取消隐藏
      </ConfirmButton>
    </Card>
  );
}

/** 已隐藏的商品: each with when and why, and 取消隐藏. */
export function HiddenList({ s, community_id }: { s: ProductsPage; community_id: string }) {
  const { hidden } = s;
  if (hidden.kind === 'loading') return <LoadingView />;
  if (hidden.kind === 'error') return <ErrorView message={hidden.message} onRetry={() => void s.loadHidden(community_id)} />;
  if (hidden.items.length === 0)
    return <EmptyView title="没有被隐藏的商品" description="发现虚假标注、违禁或有安全问题的商品，可以在下面搜索并隐藏" />;
  return (
    <>
      {hidden.items.map((p) => (
        <HiddenCard key={p.id} s={s} product={p} />
      ))}
      {hidden.more && <Text className="biz-hint">只列出最近 100 个。</Text>}
    </>
  );
}

/** 查找商品并隐藏: the search box and what it found, each with 隐藏. */
export function ProductSearch({ s }: { s: ProductsPage }) {
  const { found } = s;
  return (
    <>
      <View className="op-search">
        <View className="biz-field__box op-search__box">
          <Input
            className="op-search__input"
            placeholder="商品名称、商家或产地"
            maxLength={40}
            value={s.q}
            onChange={s.setQ}
            onConfirm={() => void s.search()}
          />
        </View>
        <Button type="primary" className="op-search__go" onClick={() => void s.search()}>
          搜索
        </Button>
      </View>
      {found.kind === 'loading' && <LoadingView />}
      {found.kind === 'error' && <ErrorView message={found.message} />}
      {found.kind === 'ready' &&
        (found.items.length === 0 ? (
          <EmptyView title={`没有找到「${found.q}」`} description="只能搜到本社区在售的商品" />
        ) : (
          found.items.map((p) => (
            <Card key={p.id} className="op-product op-product--found">
              <View data-product={p.id}>
                <ProductLine product={p} />
              </View>
              <HideBox product={p} onHidden={(next) => s.hid(p, next)} />
            </Card>
          ))
        ))}
    </>
  );
}
