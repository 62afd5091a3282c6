import { walletRoutes } from '@cc/shared';
import { noContent, type Handlers } from '../platform/http';
import type { Wallet } from './index';

/** Thin: parse (mountRoutes), one service call, return. */
export function walletHandlers(wallet: Wallet): Handlers<typeof walletRoutes> {
  const { cards, topups, kioskSessions } = wallet;
  return {
    getWallet: ({ actor }) => wallet.walletOf(actor.user_id),
    walletStatement: ({ actor, query }) => wallet.statementOf(actor.user_id, query),
    bindCard: ({ actor, body }) => cards.bind(actor, body.card_number, body.holder_name),
    setPin: ({ actor, body }) => cards.setPin(actor, body.pin, body.current_pin),
    reportCardLost: ({ actor }) => cards.reportLost(actor),
    reissueCard: ({ actor, body }) => cards.reissue(actor, body.new_card_number),
    createTopup: ({ actor, body, idempotencyKey }) => topups.create(actor, body.amount_fen, idempotencyKey as string),
    getTopup: ({ actor, params }) => topups.get(actor, params.topup_id),
    refundTopup: ({ actor, params, body, idempotencyKey }) =>
      wallet.refunds.create(actor, params.topup_id, body.amount_fen, idempotencyKey as string),
    getTopupRefund: ({ actor, params }) => wallet.refunds.get(actor, params.refund_id),
    cashTopup: ({ actor, params, body, idempotencyKey }) =>
      topups.cash(actor, params.community_id, body.card_number, body.amount_fen, idempotencyKey as string),
    wechatPayNotify: ({ headers, rawBody }) => noContent(topups.notify(headers, rawBody ?? '')),
    kioskCardLogin: ({ actor, body }) => wallet.kioskLogin(actor, body.card_number, body.pin),
    kioskLogout: ({ actor }) => noContent(kioskSessions.end(actor.session_id)),
    kioskWallet: ({ actor }) => wallet.kioskWallet(actor.card_id),
    accountStatement: ({ params, query }) => wallet.statements.page(params.account_id, query),
    listMismatches: ({ query }) => wallet.reconciliation.list({ ...query, unresolved_only: query.unresolved_only === 'true' }),
    runReconciliation: ({ body }) => wallet.reconciliation.run(body.date),
    resolveMismatch: ({ actor, params, body }) => wallet.reconciliation.resolve(params.mismatch_id, actor.user_id, body.note),
  };
}
