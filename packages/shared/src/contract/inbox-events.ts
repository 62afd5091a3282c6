import { z } from 'zod';

/**
 * What a module tells a person (issue 15 item 6): every module publishes its events through one service, the inbox
 * module (packages/api/src/inbox) keeps them, shows each once per person (idempotent on event_id + user_id) and sends
 * a WeChat subscribe message where the person has allowed that kind. Kinds are grouped by module; a new kind is added
 * here, with its words, before a module publishes it.
 */
export const INBOX_KINDS = [
  'order_paid',
  'order_shipped',
  'order_delivered',
  'order_refunded',
  'call_acknowledged',
  'call_assigned',
  'call_resolved',
  'call_late',
  'wallet_topup',
  'wallet_low_balance',
  'proxy_order_waiting',
  'proxy_order_decided',
  'family_link',
  'delivery_update',
  'agri_match',
  'agri_inquiry',
  'agri_post_expired',
  'agri_post_held',
  'agri_post_moderated',
] as const;
export const InboxKind = z.enum(INBOX_KINDS);
export type InboxKind = z.infer<typeof InboxKind>;

/** One event for one person, as a module publishes it. */
export type InboxEventInput = {
  /** Stable per happening (e.g. `order_paid:ord_…`): a replayed publish of the same id shows nothing new. */
  event_id: string;
  user_id: string;
  kind: InboxKind;
  /** Short, plain words: 订单已付款. */
  title: string;
  /** One or two sentences, with the readable number (2412-0387), never an internal id. */
  body: string;
  /** A mini-program page to open, e.g. /shop/order/index?id=ord_…. */
  link?: string;
  /** Money the event is about (a refund, a top-up), in fen: the kiosk reads it aloud. */
  amount_fen?: number;
};

/** How a module publishes: the inbox service's `publish`, handed to the module when the modules are wired. */
export type PublishInboxEvent = (event: InboxEventInput) => Promise<void>;
