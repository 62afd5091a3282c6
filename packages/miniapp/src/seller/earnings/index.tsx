import { useCallback, useEffect, useState } from 'react';
import Taro, { usePullDownRefresh } from '@tarojs/taro';
import { View, Text } from '@tarojs/components';
import { formatFen, routes, shanghaiDate, type Order, type OrderStatus } from '@cc/shared';
import { call, errorMessage } from '../../api';
import { SELLER_PAGES, when } from '../../commerce/lib';
import { useShop } from '../lib/shop';
import '../lib/seller.css';
import { Card, EmptyView, ErrorView, LoadingView, Notice } from '../../ui';

/** Orders read for the sums; a shop with more sees the newest ones and is told so. */
const PAGES_MAX = 10;

async function allOrders(merchant_id: string, status: OrderStatus): Promise<{ items: Order[]; partial: boolean }> {
  const items: Order[] = [];
  let cursor: string | undefined;
  for (let i = 0; i < PAGES_MAX; i++) {
    const page = await call(routes.listMerchantOrders, {
      params: { merchant_id },
      query: { status, limit: 100, ...(cursor ? { cursor } : {}) },
    });
    items.push(...page.items);
    if (!page.next_cursor) return { items, partial: false };
    cursor = page.next_cursor;
  }
  return { items, partial: true };
}

/** When the order was completed (the buyer's or the system's confirmation). */
const completedAt = (o: Order) => [...o.history].reverse().find((h) => h.to === 'completed')?.at ?? o.created_at;
const sum = (orders: Order[]) => orders.reduce((s, o) => s + o.total_fen, 0);

type Load =
  | { kind: 'loading' }
  | { kind: 'error'; message: string }
  | { kind: 'ready'; completed: Order[]; waiting: Order[]; refunded: number; partial: boolean };

/**
 * 收入: the API has no statement of the shop's own ledger account for its owner (only admins read accounts), so the
 * earnings are the completed orders' totals: that is what is settled to the shop after the buyer confirms receipt.
 */
export default function SellerEarnings() {
  const { state: shopState, reload: reloadShop } = useShop();
  const shop = shopState.kind === 'ready' ? shopState.shop : null;
  const [load, setLoad] = useState<Load>({ kind: 'loading' });

  const fetchAll = useCallback(async (merchant_id: string) => {
    try {
      const [completed, delivered, refunded] = await Promise.all([
        allOrders(merchant_id, 'completed'),
        allOrders(merchant_id, 'delivered'),
        allOrders(merchant_id, 'refunded'),
      ]);
      setLoad({
        kind: 'ready',
        completed: completed.items.sort((a, b) => completedAt(b).localeCompare(completedAt(a))),
        waiting: delivered.items,
        refunded: sum(refunded.items),
        partial: completed.partial || delivered.partial,
      });
    } catch (e) {
      setLoad({ kind: 'error', message: errorMessage(e) });
    } finally {
      Taro.stopPullDownRefresh();
    }
  }, []);
  useEffect(() => {
    if (shop) void fetchAll(shop.id);
  }, [shop?.id, fetchAll]);
  usePullDownRefresh(() => {
    if (shop) void fetchAll(shop.id);
  });

  if (shopState.kind === 'loading' || (shopState.kind === 'ready' && load.kind === 'loading')) return <LoadingView />;
  if (shopState.kind !== 'ready')
    return (
      <View className="page">
        <ErrorView
          message={shopState.kind === 'none' ? '您还没有店铺，请先登记开店' : shopState.message}
          onRetry={() => void reloadShop()}
        />
      </View>
    );
  if (load.kind !== 'ready')
    return (
      <View className="page">
        <ErrorView message={load.kind === 'error' ? load.message : '正在加载…'} onRetry={() => void fetchAll(shopState.shop.id)} />
      </View>
    );

  const { completed, waiting, refunded, partial } = load;
  const month = shanghaiDate(new Date()).slice(0, 7);
  const thisMonth = completed.filter((o) => shanghaiDate(new Date(completedAt(o))).slice(0, 7) === month);
  return (
    <View className="page seller-earnings">
      <Card className="seller-earnings__total">
        <Text className="seller-earnings__label">已完成订单货款（累计）</Text>
        <Text className="seller-earnings__amount">{formatFen(sum(completed))}</Text>
        <Text className="biz-muted">{completed.length} 单</Text>
        <View className="seller-earnings__grid">
          <View className="seller-earnings__cell">
            <Text className="seller-earnings__cell-label">本月</Text>
            <Text className="seller-earnings__cell-amount seller-earnings__month">{formatFen(sum(thisMonth))}</Text>
            <Text className="biz-muted">{thisMonth.length} 单</Text>
          </View>
          <View className="seller-earnings__cell">
            <Text className="seller-earnings__cell-label">待买家确认</Text>
            <Text className="seller-earnings__cell-amount seller-earnings__waiting">{formatFen(sum(waiting))}</Text>
            <Text className="biz-muted">{waiting.length} 单已送达</Text>
          </View>
        </View>
      </Card>
      <Notice tone="info" className="seller-earnings__note">
        <Text>
          收入按已完成的订单计算：买家确认收货（或到期自动确认）后，货款从平台结算到店铺账户。店铺账户的流水暂时不能在这里查看。
          {refunded > 0 ? `已退款的订单（共 ${formatFen(refunded)}）不计入。` : ''}
          {partial ? '订单很多，这里只统计了最近的 1000 单。' : ''}
        </Text>
      </Notice>
      <View className="section-title">
        <Text>已完成的订单</Text>
      </View>
      {completed.length === 0 ? (
        <EmptyView title="还没有完成的订单" description="买家确认收货后，订单和货款会出现在这里" />
      ) : (
        <Card className="seller-earnings__list">
          {completed.map((o) => (
            <View
              key={o.id}
              className="seller-earning"
              data-order={o.id}
              onClick={() => void Taro.navigateTo({ url: `${SELLER_PAGES.order}?id=${o.id}` })}
            >
              <View className="seller-earning__main">
                <Text className="seller-earning__what">
                  {o.lines[0]?.name ?? ''}
                  {o.lines.length > 1 ? ` 等 ${o.lines.length} 种` : ''}
                </Text>
                <Text className="biz-muted">
                  {when(completedAt(o))} 完成 · 订单 {o.number}
                </Text>
              </View>
              <Text className="seller-earning__amount">+{formatFen(o.total_fen)}</Text>
            </View>
          ))}
        </Card>
      )}
    </View>
  );
}
