import { useCallback, useEffect, useState } from 'react';
import Taro, { usePullDownRefresh } from '@tarojs/taro';
import { View, Text } from '@tarojs/components';
import { Button, Input } from '@nutui/nutui-react-taro';
import { formatFen, routes, type Product } from '@cc/shared';
import { call, errorMessage } from '../../api';
import { ConfirmButton } from '../../commerce/components';
import { MERCHANT_KIND_NAMES, when } from '../../commerce/lib';
import { EmergencyAlerts } from '../lib/alerts';
import { useOperatorScope } from '../lib/commerce';
import '../../commerce/commerce.css';
import '../lib/operator-shop.css';
import { Card, EmptyView, ErrorView, LoadingView, Notice, ProductStatusTag, ReasonBox, Thumb } from '../../ui';

/** A product as the station sees it: who sells it, the price, and why it is hidden. */
function ProductLine({ product: p }: { product: Product }) {
  return (
    <View className="op-product__main">
      <Thumb alt={p.name} url={p.image_urls[0]} size="xs" />
      <View className="op-product__body">
        <View className="op-row-head">
          <Text className="op-product__name">{p.name}</Text>
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

type Hidden = { kind: 'loading' } | { kind: 'error'; message: string } | { kind: 'ready'; items: Product[]; more: boolean };
type Found = { kind: 'idle' } | { kind: 'loading' } | { kind: 'error'; message: string } | { kind: 'ready'; q: string; items: Product[] };

/** 商品隐藏: products the station hid (with the reason; 取消隐藏), and a search of what is on sale here to hide one. */
export default function OperatorProducts() {
  const { scope, reload: reloadScope } = useOperatorScope();
  const community_id = scope.kind === 'ready' ? scope.community_id : null;
  const [hidden, setHidden] = useState<Hidden>({ kind: 'loading' });
  const [q, setQ] = useState('');
  const [found, setFound] = useState<Found>({ kind: 'idle' });
  const [done, setDone] = useState<string | null>(null);

  const loadHidden = useCallback(async (cid: string) => {
    try {
      const page = await call(routes.listHiddenProducts, { params: { community_id: cid }, query: { limit: 100 } });
      setHidden({ kind: 'ready', items: page.items, more: !!page.next_cursor });
    } catch (e) {
      setHidden({ kind: 'error', message: errorMessage(e) });
    } finally {
      Taro.stopPullDownRefresh();
    }
  }, []);
  useEffect(() => {
    if (community_id) void loadHidden(community_id);
  }, [community_id, loadHidden]);
  usePullDownRefresh(() => {
    if (community_id) void loadHidden(community_id);
  });

  async function search() {
    if (!community_id) return;
    const words = q.trim();
    if (!words) return setFound({ kind: 'error', message: '请输入商品名称、商家或产地' });
    setFound({ kind: 'loading' });
    try {
      const page = await call(routes.searchProducts, { query: { community_id, q: words.slice(0, 40), limit: 20 } });
      setFound({ kind: 'ready', q: words, items: page.items });
    } catch (e) {
      setFound({ kind: 'error', message: errorMessage(e) });
    }
  }

  const alerts = <EmergencyAlerts communityId={community_id} />;
  if (scope.kind !== 'ready')
    return (
      <View className="page">
        {alerts}
        {scope.kind === 'loading' ? (
          <LoadingView />
        ) : (
          <ErrorView message={scope.kind === 'error' ? scope.message : '请先在首页选择要管理的社区'} onRetry={() => void reloadScope()} />
        )}
      </View>
    );

  return (
    <View className="page op-products">
      {alerts}
      {done && (
        <Notice tone="ok" className="op-products__done">
          <Text>{done}</Text>
        </Notice>
      )}
      <View className="section-title">
        <Text>已隐藏的商品</Text>
      </View>
      {hidden.kind === 'loading' ? (
        <LoadingView />
      ) : hidden.kind === 'error' ? (
        <ErrorView message={hidden.message} onRetry={() => void loadHidden(scope.community_id)} />
      ) : hidden.items.length === 0 ? (
        <EmptyView title="没有被隐藏的商品" description="发现虚假标注、违禁或有安全问题的商品，可以在下面搜索并隐藏" />
      ) : (
        <>
          {hidden.items.map((p) => (
            <Card key={p.id} className="op-product op-product--hidden">
              <View data-product={p.id}>
                <ProductLine product={p} />
              </View>
              {p.hidden && (
                <Text className="op-product__reason">
                  {when(p.hidden.at)} 隐藏：{p.hidden.reason}
                </Text>
              )}
              <ConfirmButton
                className="op-product__unhide"
                question={`取消隐藏后「${p.name}」回到隐藏前的状态，居民又能看到它。`}
                confirmText="确定取消隐藏"
                onConfirm={async () => {
                  try {
                    const next = await call(routes.unhideProduct, { params: { product_id: p.id }, body: {} });
                    setHidden({ ...hidden, items: hidden.items.filter((x) => x.id !== p.id) });
                    setDone(`「${next.name}」已取消隐藏`);
                  } catch (e) {
                    setDone(null);
                    setHidden({ kind: 'error', message: errorMessage(e) });
                  }
                }}
              >
                取消隐藏
              </ConfirmButton>
            </Card>
          ))}
          {hidden.more && <Text className="biz-hint">只列出最近 100 个。</Text>}
        </>
      )}

      <View className="section-title">
        <Text>查找商品并隐藏</Text>
      </View>
      <View className="op-search">
        <View className="biz-field__box op-search__box">
          <Input
            className="op-search__input"
            placeholder="商品名称、商家或产地"
            maxLength={40}
            value={q}
            onChange={setQ}
            onConfirm={() => void search()}
          />
        </View>
        <Button type="primary" className="op-search__go" onClick={() => void search()}>
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
              <HideBox
                product={p}
                onHidden={(next) => {
                  setFound({ ...found, items: found.items.filter((x) => x.id !== p.id) });
                  setHidden(hidden.kind === 'ready' ? { ...hidden, items: [next, ...hidden.items] } : hidden);
                  setDone(`「${next.name}」已隐藏，居民看不到了`);
                  void Taro.pageScrollTo({ scrollTop: 0, duration: 0 }).catch(() => undefined);
                }}
              />
            </Card>
          ))
        ))}
    </View>
  );
}
