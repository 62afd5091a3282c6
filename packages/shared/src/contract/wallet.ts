import { z } from 'zod';
import { CARD_CENTRE_ERRORS, COMMAND_ERRORS, CURSOR_ERRORS, SCOPE_ERRORS, WECHATPAY_ERRORS, errorsOf } from './errors';
import { luhnValid } from '../cards';
import { isCalendarDate } from '../time';
import { AccountId, CardId, CommunityId, IsoDateTime, PageQuery, RefundId, TopupId, TransferId, fen, pageOf, humanText } from './common';
import { NoContent, defineRoute } from './route';

// ---------- schemas ----------

/** Citizen card numbers: digits only (the card reader types them, then Enter). */
export const CardNumber = z
  .string()
  .regex(/^\d{16,19}$/, { message: '卡号应为 16–19 位数字' })
  .refine(luhnValid, { message: '卡号校验位不对，请核对卡号' })
  .meta({ description: '市民卡卡号：16–19 位数字，末位是 Luhn（模 10）校验位', 'x-check-digit': 'luhn' });
export const Pin = z.string().regex(/^\d{6}$/, { message: '密码应为 6 位数字' });

export const CardStatus = z.enum(['active', 'frozen', 'replaced']);

export const Card = z.object({
  id: CardId,
  last4: z.string(),
  /** e.g. 王*英 */
  holder_name_masked: z.string(),
  card_type: z.enum(['standard', 'senior', 'student']),
  status: CardStatus,
  pin_set: z.boolean(),
  /** Set while 5 wrong PINs keep the card locked. */
  locked_until: IsoDateTime.nullable(),
  bound_at: IsoDateTime,
});
export type Card = z.infer<typeof Card>;

export const WalletLimits = z.object({
  /** Payments up to this amount need no PIN. */
  pin_free_limit_fen: z.number().int(),
  daily_cap_fen: z.number().int(),
  spent_today_fen: z.number().int(),
  /** What may be paid without the PIN in one day (below the daily cap); past it every payment needs the PIN. */
  pin_free_daily_fen: z.number().int(),
  /** PIN-free payments of today, counted against `pin_free_daily_fen`. */
  pin_free_spent_today_fen: z.number().int(),
});
export type WalletLimits = z.infer<typeof WalletLimits>;

export const Wallet = z.object({
  account_id: AccountId.nullable(),
  balance_fen: z.number().int(),
  card: Card.nullable(),
  limits: WalletLimits,
});
export type Wallet = z.infer<typeof Wallet>;

export const StatementEntry = z.object({
  transfer_id: TransferId,
  kind: z.string(),
  direction: z.enum(['in', 'out']),
  amount_fen: z.number().int(),
  memo: z.string(),
  created_at: IsoDateTime,
});
export type StatementEntry = z.infer<typeof StatementEntry>;

export const TopupStatus = z.enum(['pending', 'paid', 'closed']);
export type TopupStatus = z.infer<typeof TopupStatus>;

/** Where refunded money stands: on its way back, back with the person, or refused/closed by the platform. */
export const REFUND_STATES = ['processing', 'succeeded', 'failed'] as const;
export const RefundState = z.enum(REFUND_STATES);
export type RefundState = z.infer<typeof RefundState>;
export const Topup = z.object({
  id: TopupId,
  channel: z.enum(['wechat_pay', 'cash']),
  amount_fen: z.number().int(),
  status: TopupStatus,
  created_at: IsoDateTime,
  paid_at: IsoDateTime.nullable(),
});
export type Topup = z.infer<typeof Topup>;

/** What wx.requestPayment needs. */
export const JsapiPayParams = z.object({
  appId: z.string(),
  timeStamp: z.string(),
  nonceStr: z.string(),
  package: z.string(),
  signType: z.literal('RSA'),
  paySign: z.string(),
});

export const TopupCreated = z.object({ topup: Topup, pay_params: JsapiPayParams });

/** Top-up money sent back to WeChat Pay; `succeeded` only once the platform confirms it. */
export const TopupRefund = z.object({
  id: RefundId,
  topup_id: TopupId,
  amount_fen: z.number().int(),
  status: RefundState,
  created_at: IsoDateTime,
  finished_at: IsoDateTime.nullable(),
});
export type TopupRefund = z.infer<typeof TopupRefund>;

/** Top-ups: at least ¥1, at most ¥2,000 at a time. */
export const TOPUP_MAX_FEN = 200_000;

/** After card + PIN the person at the screen is the holder: her own session greets her by her full name. */
const HolderNames = { holder_name: z.string(), holder_name_masked: z.string() };
export const KioskSession = z.object({ token: z.string(), expires_in_s: z.number().int(), ...HolderNames });

export const KioskWallet = z.object({
  ...HolderNames,
  balance_fen: z.number().int(),
  last_payments: z.array(StatementEntry).max(5),
});

export const ReconciliationMismatch = z.object({
  id: z.string(),
  /** The Asia/Shanghai business day, YYYY-MM-DD. */
  date: z.string(),
  source: z.enum(['wechat_pay', 'citizen_card']),
  kind: z.enum(['missing_in_ledger', 'missing_in_statement', 'amount_mismatch']),
  /** out_trade_no (WeChat Pay) or transfer id (citizen card). */
  reference: z.string(),
  ledger_fen: z.number().int().nullable(),
  external_fen: z.number().int().nullable(),
  created_at: IsoDateTime,
  resolved_at: IsoDateTime.nullable(),
  note: z.string().nullable(),
});
export type ReconciliationMismatch = z.infer<typeof ReconciliationMismatch>;

const BusinessDate = z.string().refine(isCalendarDate, { message: '日期应为真实存在的 YYYY-MM-DD' });

// ---------- routes ----------

const tag = 'wallet';
const EmptyQuery = z.strictObject({});
const EmptyBody = z.strictObject({}).optional();

export const walletRoutes = {
  getWallet: defineRoute({
    id: 'getWallet',
    method: 'GET',
    path: '/api/v1/wallet',
    summary: '我的钱包：余额、市民卡、限额',
    tag,
    access: { kind: 'user', roles: 'any' },
    query: EmptyQuery,
    response: Wallet,
  }),
  walletStatement: defineRoute({
    id: 'walletStatement',
    errors: CURSOR_ERRORS,
    method: 'GET',
    path: '/api/v1/wallet/statement',
    summary: '钱包流水（分页）',
    tag,
    access: { kind: 'user', roles: 'any' },
    query: z.strictObject({ ...PageQuery }),
    response: pageOf(StatementEntry),
  }),
  bindCard: defineRoute({
    id: 'bindCard',
    errors: errorsOf(CARD_CENTRE_ERRORS, {
      400: ['holder_name_mismatch'],
      403: ['card_not_active'],
      409: ['card_already_bound', 'card_operation_in_progress', 'card_taken'],
    }),
    method: 'POST',
    path: '/api/v1/wallet/card',
    summary: '绑定市民卡（经市民卡中心核验持卡人姓名）',
    tag,
    access: { kind: 'user', roles: 'any' },
    body: z.strictObject({ card_number: CardNumber, holder_name: humanText({ min: 2, max: 20 }) }),
    response: Card,
    status: 201,
  }),
  setPin: defineRoute({
    id: 'setPin',
    errors: {
      400: ['current_pin_required', 'pin_too_simple'],
      401: ['pin_incorrect'],
      403: ['card_frozen', 'card_replaced'],
      404: ['card_not_bound'],
      409: ['card_operation_in_progress'],
      423: ['card_locked'],
    },
    method: 'POST',
    path: '/api/v1/wallet/card/pin',
    summary: '设置或修改支付密码（修改时需原密码）',
    tag,
    access: { kind: 'user', roles: 'any' },
    body: z.strictObject({ pin: Pin, current_pin: Pin.optional() }),
    response: Card,
  }),
  reportCardLost: defineRoute({
    id: 'reportCardLost',
    errors: errorsOf(CARD_CENTRE_ERRORS, {
      403: ['card_frozen', 'card_replaced'],
      404: ['card_not_bound'],
      409: ['card_operation_in_progress'],
    }),
    method: 'POST',
    path: '/api/v1/wallet/card/report-lost',
    summary: '挂失市民卡（立即冻结）',
    tag,
    access: { kind: 'user', roles: 'any' },
    body: EmptyBody,
    response: Card,
  }),
  reissueCard: defineRoute({
    id: 'reissueCard',
    errors: errorsOf(CARD_CENTRE_ERRORS, {
      400: ['holder_name_mismatch'],
      403: ['card_not_active'],
      404: ['card_not_bound'],
      409: ['card_not_frozen', 'card_taken', 'card_operation_in_progress'],
    }),
    method: 'POST',
    path: '/api/v1/wallet/card/reissue',
    summary: '补卡：余额转入新卡',
    tag,
    access: { kind: 'user', roles: 'any' },
    body: z.strictObject({ new_card_number: CardNumber }),
    response: Card,
  }),
  createTopup: defineRoute({
    id: 'createTopup',
    errors: errorsOf(COMMAND_ERRORS, WECHATPAY_ERRORS, {
      403: ['card_frozen', 'card_replaced'],
      404: ['card_not_bound'],
      409: ['idempotency_conflict'],
      423: ['card_locked'],
    }),
    method: 'POST',
    path: '/api/v1/wallet/topups',
    summary: '微信支付充值：创建预支付订单',
    tag,
    access: { kind: 'user', roles: 'any' },
    body: z.strictObject({ amount_fen: fen(TOPUP_MAX_FEN).min(100, { message: '单次至少充值 1 元' }) }),
    response: TopupCreated,
    status: 201,
    idempotent: true,
  }),
  getTopup: defineRoute({
    id: 'getTopup',
    errors: { 404: ['topup_not_found'] },
    method: 'GET',
    path: '/api/v1/wallet/topups/:topup_id',
    summary: '充值状态',
    tag,
    access: { kind: 'user', roles: 'any' },
    params: z.strictObject({ topup_id: TopupId }),
    query: EmptyQuery,
    response: Topup,
  }),
  refundTopup: defineRoute({
    id: 'refundTopup',
    errors: errorsOf(COMMAND_ERRORS, WECHATPAY_ERRORS, {
      400: ['refund_amount_mismatch', 'invalid_amount'],
      404: ['topup_not_found', 'payment_not_found'],
      409: ['topup_not_refundable', 'topup_not_paid', 'idempotency_conflict', 'insufficient_funds', 'refund_exceeds_payment'],
      503: ['refund_in_progress', 'transfer_in_progress'],
    }),
    method: 'POST',
    path: '/api/v1/wallet/topups/:topup_id/refunds',
    summary: '退回充值：把未用完的微信充值原路退回（全部或部分）',
    tag,
    access: { kind: 'user', roles: 'any' },
    params: z.strictObject({ topup_id: TopupId }),
    body: z.strictObject({ amount_fen: fen(TOPUP_MAX_FEN) }),
    response: TopupRefund,
    status: 201,
    idempotent: true,
  }),
  getTopupRefund: defineRoute({
    id: 'getTopupRefund',
    errors: { 404: ['refund_not_found'] },
    method: 'GET',
    path: '/api/v1/wallet/refunds/:refund_id',
    summary: '退回充值的状态',
    tag,
    access: { kind: 'user', roles: 'any' },
    params: z.strictObject({ refund_id: RefundId }),
    query: EmptyQuery,
    response: TopupRefund,
  }),
  cashTopup: defineRoute({
    id: 'cashTopup',
    errors: errorsOf(COMMAND_ERRORS, SCOPE_ERRORS, {
      400: ['invalid_amount'],
      404: ['card_not_bound', 'account_not_found'],
      409: ['idempotency_conflict'],
      503: ['transfer_in_progress'],
    }),
    method: 'POST',
    path: '/api/v1/communities/:community_id/cash-topups',
    summary: '服务站柜台现金充值（本社区运营人员）',
    tag,
    access: { kind: 'user', roles: ['operator', 'admin'] },
    params: z.strictObject({ community_id: CommunityId }),
    body: z.strictObject({ card_number: CardNumber, amount_fen: fen(TOPUP_MAX_FEN) }),
    response: Topup,
    status: 201,
    idempotent: true,
  }),
  wechatPayNotify: defineRoute({
    id: 'wechatPayNotify',
    errors: {
      400: ['payment_amount_mismatch', 'wechatpay_decrypt_failed', 'wechatpay_notify_malformed'],
      401: ['wechatpay_serial_mismatch', 'wechatpay_signature_invalid', 'wechatpay_timestamp_skew'],
      404: ['payment_order_unknown'],
      409: ['idempotency_conflict', 'payment_closed'],
    },
    method: 'POST',
    path: '/api/v1/payments/wechat/notify',
    summary: '微信支付结果通知（验签、解密；重复通知只入账一次）',
    tag: 'payments',
    access: { kind: 'public' },
    // Not strict: the platform may add envelope fields; the signature covers the raw body anyway.
    body: z.object({
      id: z.string().max(64),
      create_time: z.string().max(40),
      event_type: z.string().max(64),
      resource_type: z.string().max(64),
      resource: z.object({
        algorithm: z.string().max(40),
        ciphertext: z.string().max(16_000),
        nonce: z.string().max(64),
        associated_data: z.string().max(64).optional(),
        original_type: z.string().max(64).optional(),
      }),
      summary: z.string().max(200).optional(),
    }),
    response: NoContent,
    status: 204,
    rateLimit: 'wechatpay_notify',
  }),
  kioskCardLogin: defineRoute({
    id: 'kioskCardLogin',
    errors: errorsOf(CARD_CENTRE_ERRORS, {
      401: ['pin_incorrect'],
      403: ['card_frozen', 'card_replaced', 'card_not_active'],
      404: ['card_not_bound'],
      409: ['pin_not_set'],
      423: ['card_locked'],
    }),
    method: 'POST',
    path: '/api/v1/kiosk/sessions',
    summary: '终端刷卡登录：市民卡号 + 密码，会话绑定本终端',
    tag: 'kiosk',
    access: { kind: 'terminal' },
    body: z.strictObject({ card_number: CardNumber, pin: Pin }),
    response: KioskSession,
    status: 201,
    rateLimit: 'login',
  }),
  kioskLogout: defineRoute({
    id: 'kioskLogout',
    method: 'POST',
    path: '/api/v1/kiosk/sessions/end',
    summary: '终端退出登录',
    tag: 'kiosk',
    access: { kind: 'card' },
    body: EmptyBody,
    response: NoContent,
    status: 204,
  }),
  kioskWallet: defineRoute({
    id: 'kioskWallet',
    errors: { 404: ['card_not_found'] },
    method: 'GET',
    path: '/api/v1/kiosk/wallet',
    summary: '终端查询余额和最近五笔支付',
    tag: 'kiosk',
    access: { kind: 'card' },
    query: EmptyQuery,
    response: KioskWallet,
  }),
  listMismatches: defineRoute({
    id: 'listMismatches',
    errors: CURSOR_ERRORS,
    method: 'GET',
    path: '/api/v1/reconciliation/mismatches',
    summary: '对账差异（微信支付账单、市民卡结算文件与账本；平台级，限管理员）',
    tag: 'ledger',
    access: { kind: 'user', roles: ['admin'] },
    query: z.strictObject({ ...PageQuery, date: BusinessDate.optional(), unresolved_only: z.enum(['true', 'false']).optional() }),
    response: pageOf(ReconciliationMismatch),
  }),
  runReconciliation: defineRoute({
    id: 'runReconciliation',
    errors: errorsOf(WECHATPAY_ERRORS, CARD_CENTRE_ERRORS, {
      400: ['day_not_over'],
      404: ['wechatpay_no_bill', 'settlement_file_not_ready'],
      502: ['wechatpay_bill_corrupt', 'settlement_file_invalid'],
    }),
    method: 'POST',
    path: '/api/v1/reconciliation/runs',
    summary: '立即对某一营业日对账（管理员；每日任务也会自动执行）',
    tag: 'ledger',
    access: { kind: 'user', roles: ['admin'] },
    body: z.strictObject({ date: BusinessDate }),
    response: z.object({
      date: z.string(),
      wechat_pay_mismatches: z.number().int(),
      /** null while the card centre has not published that day's settlement file. */
      citizen_card_mismatches: z.number().int().nullable(),
    }),
  }),
  resolveMismatch: defineRoute({
    id: 'resolveMismatch',
    errors: { 404: ['mismatch_not_found'] },
    method: 'POST',
    path: '/api/v1/reconciliation/mismatches/:mismatch_id/resolve',
    summary: '标记对账差异已处理（管理员，须写明处理说明）',
    tag: 'ledger',
    access: { kind: 'user', roles: ['admin'] },
    params: z.strictObject({ mismatch_id: z.string().regex(/^mis_[0-9A-Z]{26}$/) }),
    body: z.strictObject({ note: humanText({ min: 2, max: 200 }) }),
    response: ReconciliationMismatch,
  }),
  accountStatement: defineRoute({
    id: 'accountStatement',
    errors: errorsOf(CURSOR_ERRORS, { 404: ['account_not_found'] }),
    method: 'GET',
    path: '/api/v1/ledger/accounts/:account_id/statement',
    summary: '任一账户的流水（管理员）',
    tag: 'ledger',
    access: { kind: 'user', roles: ['admin'] },
    params: z.strictObject({ account_id: AccountId }),
    query: z.strictObject({ ...PageQuery }),
    response: pageOf(StatementEntry),
  }),
};
