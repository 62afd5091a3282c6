import type { PublishInboxEvent } from '@cc/shared';
import type { WalletPort } from '../wallet/port';
/**
 * What the orders module needs from other modules, handed over by modules.ts as plain functions: orders never import
 * another module's models (DESIGN §2), and each step of the checkout saga is an explicit call with its compensation.
 */
export interface ProductFacts {
  product_id: string;
  merchant_id: string;
  merchant_name: string;
  sku: string;
  name: string;
  spec: string;
  unit: string;
  price_fen: number;
  image_id: string | null;
  origin_village: string | null;
  stock: number;
  sellable: boolean;
  serves_community_ids: string[];
}

/** A completed order as other modules are told of it (plain data: it may travel through a job). */
export interface CompletedOrderFacts {
  order_id: string;
  community_id: string;
  /** ISO time of completion. */
  completed_at: string;
  lines: { product_id: string; quantity: number; price_fen: number }[];
}

/** Where a refund to origin stands (the wallet's answer, and what its refund listener reports later). */
export type { RefundOutcome } from '../wallet/port';

export interface OrderPorts {
  catalog: {
    snapshots(product_ids: readonly string[]): Promise<Map<string, ProductFacts>>;
    /** Guarded stock reservation under `key`; a repeat with the same key takes nothing more. */
    reserve(req: { product_id: string; quantity: number; key: string }): Promise<unknown>;
    release(product_id: string, key: string): Promise<boolean>;
    /** The reservation became a sale. */
    commit(product_id: string, key: string): Promise<boolean>;
    /** The merchant's owner and ledger account. */
    merchant(merchant_id: string): Promise<{ owner_user_id: string; account_id: string | null; name: string }>;
    /** Merchants this person owns (for "my shop's orders"). */
    ownsMerchant(user_id: string, merchant_id: string): Promise<boolean>;
  };
  slots: {
    book(community_id: string, slot_key: string, holder: string): Promise<{ starts_at: string; ends_at: string }>;
    release(holder: string): Promise<boolean>;
    checkPickup(
      community_id: string,
      station_id: string,
      date: string,
    ): Promise<{ station_id: string; name: string; address: string; date: string; open: string; close: string }>;
  };
  identity: {
    address(user_id: string, address_id: string): Promise<{ recipient: string; phone: string; detail: string } | null>;
    nickname(user_id: string): Promise<string>;
  };
  uploads: {
    urlsOf(ids: readonly string[]): Promise<Map<string, string>>;
    /** 400 naming the field unless every id is this person's upload. */
    requireOwned(ids: readonly string[], owner_id: string, field: string): Promise<{ id: string; url: string }[]>;
  };
  /** The wallet's one port (wallet/port.ts), as calls get it too. */
  wallet: WalletPort;
  /**
   * The delivery module's hook (issue: courier slice): told when a delivery order is ready to go, through this call
   * rather than by reading orders (delivery/tasks makes the courier's task of it, once per order).
   */
  onReadyForDelivery?(order: {
    order_id: string;
    /** The readable number (2412-0387) couriers are shown instead of the id. */
    order_number?: string;
    community_id: string;
    slot_key: string;
    /** When the slot starts (ISO time): the dispatch deadline is measured back from it. */
    slot_starts_at: string;
    address: string;
    merchant_id: string;
    buyer_id: string;
  }): Promise<void>;
  /**
   * The delivery module, when the seller delivers an order themselves: `courier` when a courier holds its task
   * (claimed or picked up) — the seller then leaves 开始配送 and 确认送达 to the courier, whose steps move the order
   * (orders/lifecycle/courier.ts); otherwise the task, if still open, is withdrawn from the couriers' hall.
   */
  sellerTakesOver?(order_id: string, seller_id: string): Promise<'courier' | 'seller'>;
  /**
   * The delivery module, when a refund of an order whose goods had not left the seller (paid, preparing, ready) is
   * accepted: its courier's task, if not yet picked up, is withdrawn. Idempotent.
   */
  onRefunded?(order_id: string): Promise<void>;
  /**
   * Told once an order is completed (confirmed by the buyer or the system: a refund can no longer be asked), e.g. so
   * agri/demand turns its lines into price observations and community demand. Must be quick (enqueue, not work).
   */
  onCompleted?(order: CompletedOrderFacts): Promise<void>;
  publish(user_ids: string[], event: { type: string; [key: string]: unknown }): Promise<void>;
  /** The inbox's publish: the buyer is told when their order is paid, shipped, delivered or refunded. */
  publishInbox: PublishInboxEvent;
}
