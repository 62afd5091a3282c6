import { useCallback, useRef, useState } from 'react';
import Taro, { useDidShow, usePullDownRefresh, useReachBottom } from '@tarojs/taro';
import {
  formatFen,
  ApiError,
  shanghaiDate,
  shanghaiTime,
  yuanStringToFen,
  type MerchantKind,
  type Order,
  type VerificationStatus,
} from '@cc/shared';
import { errorMessage } from '../api';

// The sellers' and operators' side of 社区商城 (issue 5): shared by the `seller` and `operator` sub-packages.

export const SELLER_PAGES = {
  home: '/seller/index/index',
  profile: '/seller/profile/index',
  verify: '/seller/verify/index',
  products: '/seller/products/index',
  product: '/seller/product/index',
  import: '/seller/import/index',
  orders: '/seller/orders/index',
  order: '/seller/order/index',
  offers: '/seller/offers/index',
  earnings: '/seller/earnings/index',
} as const;

export const OPERATOR_SHOP_PAGES = {
  merchants: '/operator/merchants/index',
  products: '/operator/products/index',
  disputes: '/operator/disputes/index',
  orders: '/operator/orders/index',
  order: '/operator/order/index',
} as const;

export const MERCHANT_KIND_NAMES: Record<MerchantKind, string> = { farmer: '农户', coop: '合作社', store: '社区商店' };

export const VERIFICATION_NAMES: Record<VerificationStatus, string> = {
  unverified: '未认证',
  pending: '审核中',
  verified: '已认证',
  rejected: '未通过',
};
export const VERIFICATION_TONES: Record<VerificationStatus, Tone> = {
  unverified: 'warning',
  pending: 'info',
  verified: 'ok',
  rejected: 'danger',
};

export type Tone = 'warning' | 'info' | 'ok' | 'muted' | 'danger';

// Who took the step is the timeline's meta line (买家, 商家, 我…), so the names are the step alone.
const ACTION_NAMES: Record<string, string> = {
  place: '下单',
  pay: '付款',
  cancel: '订单取消',
  prepare: '开始备货',
  ready: '备货完成',
  dispatch: '开始配送',
  deliver: '已送达',
  pick_up: '自提点交付',
  confirm: '确认收货',
  request_refund: '申请退款',
  dispute: '申请服务站介入',
  refund: '同意退款',
  refund_completed: '退款到账',
  refund_failed: '退款未成功',
  refuse_refund: '拒绝退款',
};
export const orderActionName = (action: string) => ACTION_NAMES[action] ?? '状态更新';
export const ORDER_ACTOR_NAMES: Record<Order['history'][number]['actor_role'], string> = {
  buyer: '买家',
  seller: '商家',
  operator: '服务站',
  system: '系统',
};

/** "11-29 14:30" this year, "2025-11-29 14:30" otherwise (Asia/Shanghai). */
export function when(iso: string): string {
  const d = new Date(iso);
  const date = shanghaiDate(d);
  return `${date.slice(0, 4) === shanghaiDate(new Date()).slice(0, 4) ? date.slice(5) : date} ${shanghaiTime(d)}`;
}

/** The last characters of an id, to read out on the phone: "…7K2Q9". */

/** How the goods reach the buyer, in one line. */
export function deliveryLine(o: Order): string {
  if (o.delivery.kind === 'pickup')
    return `自提 · ${o.delivery.station_name} · ${o.delivery.date.slice(5)} ${o.delivery.open}–${o.delivery.close}`;
  return `送货上门 · ${when(o.delivery.starts_at)}–${shanghaiTime(new Date(o.delivery.ends_at))}`;
}

/** What the seller does next with an order, in one sentence. */
export function sellerHint(o: Order): string {
  const pickup = o.delivery.kind === 'pickup';
  switch (o.status) {
    case 'pending_payment':
      return '买家还没付款，付款后再备货';
    case 'paid':
      return '买家已付款，请开始备货';
    case 'preparing':
      return pickup ? '备好后点「备货完成」，再送到自提点' : '备好后点「备货完成」，等待配送';
    case 'ready':
      return o.delivery.kind === 'pickup'
        ? `请在 ${o.delivery.date.slice(5)} ${o.delivery.open} 之前送到「${o.delivery.station_name}」，顾客取货时点「自提交付」`
        : '货已备好，送货出发时点「开始配送」';
    case 'out_for_delivery':
      return '送到顾客手上后点「确认送达」';
    case 'delivered':
      return o.auto_confirm_at ? `等待买家确认收货（${when(o.auto_confirm_at)} 自动确认）` : '等待买家确认收货';
    case 'completed':
      return '交易完成，货款结算到店铺账户';
    case 'cancelled':
      return '订单已取消，库存已退回';
    case 'refunding':
      return (
        refundMoneyWords(o) ?? (o.refund?.disputed ? '买家已申请服务站介入，由服务站决定是否退款' : '买家申请退款，请同意或写明原因拒绝')
      );
    case 'refunded':
      return '货款已原路退回买家';
  }
}

/**
 * Where an accepted refund's money stands (null before it is accepted). The order says 已退款 only once the money is
 * back with the buyer; until then it is on its way (WeChat Pay takes a while), or failed and still with the platform.
 */
export function refundMoneyWords(o: Order): string | null {
  const r = o.refund;
  if (!r?.accepted_at) return null;
  if (r.money === 'failed') return '退款未成功，款项仍在平台：请服务站核实后再次退款';
  if (r.money === 'succeeded') return `${formatFen(o.total_fen)} 已原路退回买家`;
  return `已同意退款，${formatFen(o.total_fen)} 正在原路退回买家，到账后订单显示「已退款」`;
}

/** The same for the service station, which watches rather than prepares. */
export function operatorHint(o: Order): string {
  switch (o.status) {
    case 'paid':
      return '买家已付款，等待商家备货';
    case 'preparing':
      return '商家正在备货';
    case 'ready':
      return o.delivery.kind === 'pickup' ? '货已备好；顾客在自提点取货时，可以在这里「自提交付」' : '货已备好，等待配送';
    case 'out_for_delivery':
      return '配送中；送到后可以在这里「确认送达」';
    case 'refunding':
      return (
        refundMoneyWords(o) ?? (o.refund?.disputed ? '商家拒绝了退款，买家申请服务站介入：请核实后裁决' : '买家申请退款，等待商家处理')
      );
    default:
      return sellerHint(o);
  }
}

/**
 * Yuan typed by a person → integer fen, with the shared helper (never floats). Returns a Chinese message instead
 * of a number when the text is not an amount.
 */
export function parseYuan(text: string, opts: { min?: number; max?: number; label?: string } = {}): number | string {
  const label = opts.label ?? '价格';
  const t = text.trim().replace(/^¥/, '');
  if (!t) return `请填写${label}`;
  let fen: number;
  try {
    fen = yuanStringToFen(t);
  } catch {
    return `${label}应为金额，最多两位小数，如 12.50`;
  }
  if (fen < (opts.min ?? 1)) return `${label}须大于 0`;
  if (opts.max !== undefined && fen > opts.max) return `${label}不能超过 ${opts.max / 100} 元`;
  return fen;
}

/** A whole number typed by a person, within bounds; a Chinese message otherwise. */
export function parseCount(text: string, opts: { min: number; max: number; label: string }): number | string {
  const t = text.trim();
  if (!t) return `请填写${opts.label}`;
  if (!/^-?\d+$/.test(t)) return `${opts.label}须为整数`;
  const n = Number(t);
  if (n < opts.min) return `${opts.label}不能小于 ${opts.min}`;
  if (n > opts.max) return `${opts.label}不能超过 ${opts.max}`;
  return n;
}

/** Field messages of a 400 by field name: body.price_fen → price_fen. */
export function fieldErrors(e: unknown): Record<string, string> {
  if (!(e instanceof ApiError)) return {};
  const out: Record<string, string> = {};
  for (const f of e.problem.errors ?? []) {
    const m = /^body\.([a-z_]+)/.exec(f.path);
    if (m?.[1] && !out[m[1]]) out[m[1]] = f.message;
  }
  return out;
}

export type Paged<T> =
  | { kind: 'loading' }
  | { kind: 'error'; message: string }
  | { kind: 'ready'; items: T[]; next: string | null; more: 'idle' | 'loading' | 'error' };

type Fetch<T> = (cursor: string | undefined) => Promise<{ items: T[]; next_cursor: string | null }>;

/**
 * A cursor-paginated list: `reload(fetch)` starts again from the first page (a new tab or search), `more()` appends
 * the next page on reaching the bottom. Answers to an older reload are dropped, so a quick change of tab never shows
 * the wrong list. `quiet` reloads keep the list on screen while they run (refresh on return, polling).
 */
export function usePaged<T>() {
  const [state, setState] = useState<Paged<T>>({ kind: 'loading' });
  const generation = useRef(0);
  const fetcher = useRef<Fetch<T> | null>(null);
  const busy = useRef(false);

  const reload = useCallback(async (fetch?: Fetch<T>, opts: { quiet?: boolean } = {}) => {
    if (fetch) fetcher.current = fetch;
    const f = fetcher.current;
    if (!f) return;
    const gen = ++generation.current;
    busy.current = false;
    if (!opts.quiet) setState({ kind: 'loading' });
    try {
      const page = await f(undefined);
      if (gen === generation.current) setState({ kind: 'ready', items: page.items, next: page.next_cursor, more: 'idle' });
    } catch (e) {
      // A quiet refresh that fails keeps what is on screen.
      if (gen === generation.current) setState((s) => (opts.quiet && s.kind === 'ready' ? s : { kind: 'error', message: errorMessage(e) }));
    }
  }, []);

  const more = useCallback(() => {
    const f = fetcher.current;
    if (!f || busy.current || state.kind !== 'ready' || !state.next) return;
    busy.current = true;
    const gen = generation.current;
    const cursor = state.next;
    setState({ ...state, more: 'loading' });
    f(cursor)
      .then(
        (page) => {
          if (gen !== generation.current) return;
          setState((s) =>
            s.kind === 'ready' ? { kind: 'ready', items: [...s.items, ...page.items], next: page.next_cursor, more: 'idle' } : s,
          );
        },
        () => {
          if (gen === generation.current) setState((s) => (s.kind === 'ready' ? { ...s, more: 'error' } : s));
        },
      )
      .finally(() => {
        if (gen === generation.current) busy.current = false;
      });
  }, [state]);

  /** Replaces one item in place (after an action on it), or drops it when `keep` says it left this list. */
  const patch = useCallback((id: string, next: T | null, idOf: (t: T) => string) => {
    setState((s) =>
      s.kind === 'ready'
        ? { ...s, items: next ? s.items.map((x) => (idOf(x) === id ? next : x)) : s.items.filter((x) => idOf(x) !== id) }
        : s,
    );
  }, []);

  return { state, reload, more, patch };
}

/**
 * A paged list page's refreshes: quietly on coming back to it (not on its first show, which `reload(fetch)` does),
 * quietly on pull-down, and the next page on reaching the bottom.
 */
export function useListRefresh<T>({ reload, more }: Pick<ReturnType<typeof usePaged<T>>, 'reload' | 'more'>) {
  const [shown, setShown] = useState(false);
  useDidShow(() => {
    if (shown) void reload(undefined, { quiet: true });
    setShown(true);
  });
  usePullDownRefresh(() => void reload(undefined, { quiet: true }).finally(() => Taro.stopPullDownRefresh()));
  useReachBottom(() => more());
}
