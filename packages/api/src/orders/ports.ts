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

/** Where a refund to origin stands (the wallet's answer, and what its refund listener reports later). */
export interface RefundOutcome {
  refund_id: string;
  status: 'processing' | 'succeeded' | 'failed';
  /** The ledger transfer back to the wallet (wallet payments only). */
  transfer_id: string | null;
  failure_code: string | null;
}

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
  wallet: {
    pay(req: {
      user_id: string;
      amount_fen: number;
      pin?: string;
      idempotency_key: string;
      payee_account_id: string;
      memo: string;
      reference_id: string;
    }): Promise<{ _id: string }>;
    settle(req: {
      idempotency_key: string;
      from_account_id: string;
      to_account_id: string;
      amount_fen: number;
      memo: string;
      reference_id: string;
    }): Promise<unknown>;
    refund(req: { idempotency_key: string; original_transfer_id: string; amount_fen: number; memo: string }): Promise<{ _id: string }>;
    /**
     * Gives a payment back to where it came from (the wallet, or WeChat Pay through its refund API). A wallet refund
     * is over when this answers; a WeChat Pay one is `processing` until the wallet's refund listener hears the outcome.
     */
    refundToOrigin(req: {
      idempotency_key: string;
      original_transfer_id: string;
      amount_fen: number;
      memo: string;
      reason: string;
      reference_id: string;
    }): Promise<RefundOutcome>;
    transferByKey(key: string): Promise<{ _id: string; status: 'pending' | 'posted' | 'voided'; amount_fen: number } | null>;
    /** The platform's clearing account: paid orders wait there until completed (then the seller is paid). */
    clearingAccountId(): Promise<string>;
    /** WeChat Pay through the wallet's collect service (it books the money and calls orders back when paid). */
    wechat: {
      prepay(req: {
        out_trade_no: string;
        user_id: string;
        amount_fen: number;
        description: string;
        payee_account_id: string;
        reference_id: string;
      }): Promise<{
        out_trade_no: string;
        pay_params: { appId: string; timeStamp: string; nonceStr: string; package: string; signType: 'RSA'; paySign: string };
      }>;
      /** Paid (booked) or closed so it can no longer be paid. */
      settleOrClose(out_trade_no: string): Promise<'paid' | 'closed'>;
      refresh(out_trade_no: string): Promise<'pending' | 'paid' | 'closed'>;
    };
  };
  /**
   * The delivery module's hook (issue: courier slice): told when a delivery order is ready to go, through this call
   * rather than by reading orders. A no-op until delivery tasks exist.
   */
  onReadyForDelivery?(order: { order_id: string; community_id: string; slot_key: string; address: string }): Promise<void>;
  publish(user_ids: string[], event: { type: string; [key: string]: unknown }): Promise<void>;
}
