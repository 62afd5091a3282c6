import type { ErrorStatus, RouteErrors } from './route';

/** Several routes' error declarations (RouteSpec.errors) in one: the union of their codes per status. */
export function errorsOf(...parts: RouteErrors[]): RouteErrors {
  const out: { [S in ErrorStatus]?: string[] } = {};
  for (const part of parts) {
    for (const [status, codes] of Object.entries(part) as [string, readonly string[]][]) {
      const s = Number(status) as ErrorStatus;
      out[s] = [...new Set([...(out[s] ?? []), ...codes])];
    }
  }
  return out;
}

/** A list behind a keyset cursor: a cursor the server did not give is refused. */
export const CURSOR_ERRORS: RouteErrors = { 400: ['invalid_cursor'] };

/** A route that checks the caller's role in the object's community. */
export const SCOPE_ERRORS: RouteErrors = { 403: ['forbidden_scope'] };

/** Calls to the citizen-card centre (bind, report lost, reissue, settlement files). */
export const CARD_CENTRE_ERRORS: RouteErrors = {
  400: ['card_number_invalid'],
  404: ['card_unknown'],
  409: ['card_cancelled', 'card_txn_conflict'],
  502: [
    'card_gateway_auth_failed',
    'card_gateway_clock_skew',
    'card_gateway_error',
    'card_gateway_nonce_replayed',
    'card_gateway_response_invalid',
    'card_gateway_signature_invalid',
  ],
  503: ['card_gateway_unavailable'],
};

/** Calls to WeChat Pay (orders, refunds, bills). */
export const WECHATPAY_ERRORS: RouteErrors = {
  404: ['wechatpay_not_found', 'wechatpay_order_not_found'],
  409: ['wechatpay_invalid_request', 'wechatpay_order_closed', 'wechatpay_order_paid'],
  502: ['wechatpay_bad_response', 'wechatpay_rejected', 'wechatpay_response_unverified'],
  503: ['wechatpay_unavailable'],
};

/** Calls to WeChat's server API (login code, phone number). */
export const WECHAT_ERRORS: RouteErrors = {
  400: ['wechat_code_invalid', 'wechat_code_used'],
  429: ['wechat_rate_limited'],
  503: ['wechat_unavailable'],
};

/** Paying from the citizen-card wallet (PIN, card state, balance, daily cap, the ledger). */
export const WALLET_PAY_ERRORS: RouteErrors = {
  400: ['invalid_amount'],
  401: ['pin_incorrect'],
  403: ['pin_required', 'card_frozen', 'card_replaced'],
  404: ['card_not_bound'],
  409: ['insufficient_funds', 'daily_cap_exceeded', 'pin_not_set', 'idempotency_conflict'],
  423: ['card_locked'],
  503: ['transfer_in_progress'],
};

/** A command (checkout, payment, refund …) run under an Idempotency-Key: a replay or a run given up on. */
export const COMMAND_ERRORS: RouteErrors = { 409: ['idempotency_conflict', 'command_abandoned', 'command_in_progress'] };

/** What placing a checkout can answer besides the command's own errors: the shop's checkout and an order for family. */
export const CHECKOUT_ERRORS: RouteErrors = {
  400: ['address_unknown', 'cart_empty', 'community_required', 'slot_unknown', 'pickup_station_unknown', 'offer_not_for_product'],
  409: [
    'checkout_in_progress',
    'insufficient_stock',
    'merchant_not_ready',
    'offer_ended',
    'offer_sold_out',
    'offer_limit_reached',
    'offer_not_started',
    'price_changed',
    'product_not_served',
    'product_unavailable',
    'reservation_conflict',
    'slot_full',
    'slot_cut_off',
    'pickup_closed',
    'slot_booking_in_progress',
    'slot_holder_taken',
  ],
};
