import type { OrderAction, OrderActorRole } from '@cc/shared';
import { conflict, forbidden } from '../platform/problem';
import type { OrderDoc } from './models';
import { refundKeyOf } from './refund-money';

export type Extra = { set?: Record<string, unknown>; guard?: Record<string, unknown> };

/**
 * Refund rules on top of the table: one request, one dispute after a refusal, disputes are the operator's, and an
 * accepted refund can no longer be refused (only accepted again after its money failed to go back).
 */
export function refundStep(o: OrderDoc, action: OrderAction, role: OrderActorRole, reason: string | null): Extra {
  const r = o.refund;
  switch (action) {
    case 'request_refund':
      if (r?.disputed) throw conflict('refund_closed', '服务站已对退款作出决定');
      if (r) throw conflict('refund_refused', '卖家已拒绝退款，如有异议请申请服务站介入');
      return {
        set: {
          refund_from: o.status,
          refund: { reason, requested_at: new Date(), refused_reason: null, disputed: false, dispute_reason: null, transfer_id: null },
        },
      };
    case 'dispute':
      if (!r?.refused_reason) throw conflict('refund_not_refused', '请先申请退款');
      if (r.disputed) throw conflict('refund_closed', '服务站已对退款作出决定');
      return { set: { refund_from: o.status, 'refund.disputed': true, 'refund.dispute_reason': reason } };
    case 'refund':
    case 'refuse_refund':
      if (r?.disputed && role === 'seller') throw forbidden('refund_disputed', '该退款已申请服务站介入，由服务站决定');
      if (r?.accepted_at && r.money !== 'failed') throw conflict('refund_accepted', '已同意退款，款项正在原路退回');
      return action === 'refuse_refund' ? { set: { 'refund.refused_reason': reason }, guard: acceptedAs(r) } : accept(o);
    default:
      return {};
  }
}

/** Each acceptance is an attempt with its own refund key; the guard lets exactly one of racing acceptances through. */
function accept(o: OrderDoc): Extra {
  const attempt = (o.refund?.attempt ?? 0) + 1;
  const set = {
    'refund.accepted_at': new Date(),
    'refund.attempt': attempt,
    'refund.refund_key': refundKeyOf(o._id, attempt),
    'refund.money': 'processing',
    'refund.refund_id': null,
    'refund.failure_code': null,
  };
  return { set, guard: acceptedAs(o.refund) };
}

/** The acceptance state read, so a racing acceptance (or a refusal racing one) finds it changed and gets 409. */
const acceptedAs = (r: OrderDoc['refund']) => ({ 'refund.attempt': r?.attempt ?? null, 'refund.money': r?.money ?? null });
