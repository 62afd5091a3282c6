/**
 * One vocabulary of status words and colours per lifecycle (DESIGN §6), used by every page of both front ends: a
 * status has one word, the same for the resident, the seller and the service station. A role may get a hint of what
 * to do next (`next`), never another word. Colours are token names of the UI kits (CSS variables), never hex; the
 * word always carries the meaning, the colour only repeats it.
 */
import type { CallStatus } from './contract/calls';
import type { DeliveryTaskStatus } from './contract/delivery-tasks';
import { FAMILY_PAYMENT_WORDS, PROXY_ORDER_STATUS_WORDS } from './contract/family-links';
import type { OrderStatus } from './contract/orders';
import type { RefundState, TopupStatus } from './contract/wallet';

export type StatusTone = 'info' | 'success' | 'warning' | 'danger' | 'neutral';
export const STATUS_TONES: readonly StatusTone[] = ['info', 'success', 'warning', 'danger', 'neutral'];

/** Who is looking: the person it is for, the one who fulfils it (seller, provider), or the service station. */
export type StatusViewer = 'resident' | 'seller' | 'provider' | 'courier' | 'operator';

export interface StatusWord {
  /** The one word for this status, everywhere. */
  word: string;
  tone: StatusTone;
  /** What to do next, by who is looking; absent where nothing is expected of them. */
  next?: Partial<Record<StatusViewer, string>>;
}

export const ORDER_STATUS_WORDS: Record<OrderStatus, StatusWord> = {
  pending_payment: { word: '待付款', tone: 'warning', next: { resident: '请在限定时间内付款' } },
  paid: { word: '已付款', tone: 'info', next: { resident: '等待商家备货', seller: '请开始备货', operator: '等待商家备货' } },
  preparing: { word: '备货中', tone: 'info', next: { seller: '备好后点「备货完成」' } },
  ready: { word: '已备好', tone: 'info', next: { resident: '等待配送或到自提点取货', seller: '请配送或等待买家自提' } },
  out_for_delivery: { word: '配送中', tone: 'info', next: { resident: '请留意电话，准备收货' } },
  delivered: { word: '已送达', tone: 'success', next: { resident: '请确认收货' } },
  completed: { word: '已完成', tone: 'success', next: { resident: '可以评价这笔订单' } },
  cancelled: { word: '已取消', tone: 'neutral' },
  refunding: { word: '退款中', tone: 'danger', next: { seller: '请处理退款申请', operator: '如有争议，请裁决' } },
  refunded: { word: '已退款', tone: 'neutral' },
};

export const CALL_STATUS_WORDS: Record<CallStatus, StatusWord> = {
  open: { word: '待受理', tone: 'warning', next: { resident: '服务站会尽快联系您', operator: '请受理' } },
  acknowledged: { word: '已受理', tone: 'info', next: { operator: '请派单' } },
  assigned: { word: '已派单', tone: 'info', next: { resident: '服务人员会联系您', provider: '请接单' } },
  in_progress: { word: '处理中', tone: 'info', next: { provider: '完成后请点「已完成」' } },
  resolved: { word: '已完成', tone: 'success', next: { resident: '可以评价这次服务' } },
  cancelled: { word: '已取消', tone: 'neutral', next: { resident: '如仍需帮助，可以再次呼叫' } },
  closed_duplicate: { word: '重复已关闭', tone: 'neutral', next: { resident: '已合并到您的另一条呼叫' } },
};

/** A refund's money (an order's `refund.money`, a top-up refund's `status`). */
export const REFUND_STATE_WORDS: Record<RefundState, StatusWord> = {
  processing: { word: '退款处理中', tone: 'info', next: { resident: '款项正在原路退回' } },
  succeeded: { word: '已退回', tone: 'success' },
  failed: { word: '退款失败', tone: 'danger', next: { resident: '服务站会处理，请留意通知', operator: '请重新发起退款' } },
};

export const TOPUP_STATUS_WORDS: Record<TopupStatus, StatusWord> = {
  pending: { word: '待支付', tone: 'warning', next: { resident: '请完成微信支付' } },
  paid: { word: '已到账', tone: 'success' },
  closed: { word: '已关闭', tone: 'neutral' },
};

/** A delivery task (配送任务): the courier's errand between the seller and the resident. */
export const DELIVERY_TASK_STATUS_WORDS: Record<DeliveryTaskStatus, StatusWord> = {
  open: { word: '待接单', tone: 'warning', next: { courier: '可以抢单', seller: '等待配送员接单', operator: '等待配送员接单' } },
  claimed: { word: '待取件', tone: 'info', next: { courier: '请到卖家处取件，输入卖家的取件码', seller: '配送员取件时请告诉他取件码' } },
  picked_up: { word: '配送中', tone: 'info', next: { courier: '送到后请输入收件人的收件码', resident: '配送员送到时请告诉他收件码' } },
  // A village trip's parcel left at the station: the courier's part is done, the resident collects it at the kiosk.
  at_station: { word: '已到服务站', tone: 'info', next: { resident: '请带市民卡到服务站终端取件', courier: '已放到服务站' } },
  delivered: { word: '已送达', tone: 'success' },
  failed: { word: '配送失败', tone: 'danger', next: { operator: '重新配送或退回站点', resident: '可以预约重新配送' } },
  returned: { word: '已退回站点', tone: 'neutral', next: { resident: '请到服务站取回或联系社区', operator: '货物在服务站' } },
  // Taken off the road before pickup: the seller delivers it themselves, or the order was refunded.
  withdrawn: { word: '已撤回', tone: 'neutral', next: { resident: '这一单不再由配送员送', operator: '已撤回，无需配送员' } },
};

/** Every lifecycle's statuses with their words, for tests and for pages that list them (tabs, filters). */
export const STATUS_WORDS = {
  order: ORDER_STATUS_WORDS,
  call: CALL_STATUS_WORDS,
  refund: REFUND_STATE_WORDS,
  topup: TOPUP_STATUS_WORDS,
  delivery: DELIVERY_TASK_STATUS_WORDS,
  /** 为家人下单: the proxy order, and the family member's own WeChat payment of it (contract/family-links.ts). */
  proxy: PROXY_ORDER_STATUS_WORDS,
  family_payment: FAMILY_PAYMENT_WORDS,
} as const;
export type Lifecycle = keyof typeof STATUS_WORDS;

/** The word, tone and (for this viewer) next step of a status. */
export function statusWord<L extends Lifecycle>(
  lifecycle: L,
  status: keyof (typeof STATUS_WORDS)[L],
  viewer?: StatusViewer,
): { word: string; tone: StatusTone; next: string | null } {
  const w = (STATUS_WORDS[lifecycle] as Record<string, StatusWord>)[status as string] as StatusWord;
  return { word: w.word, tone: w.tone, next: (viewer && w.next?.[viewer]) ?? null };
}
