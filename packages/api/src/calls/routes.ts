import { callRoutes } from '@cc/shared';
import type { Handlers } from '../platform/http';
import type { Calls } from './index';

/** Thin: parse (mountRoutes), one service call, return. */
export function callHandlers(calls: Calls): Handlers<typeof callRoutes> {
  const s = calls.service;
  return {
    listServices: ({ params, query }) => s.listServices(params.community_id, { include_inactive: query.include_inactive === 'true' }),
    getService: ({ params }) => s.getService(params.community_id, params.service_code),
    createService: ({ actor, params, body }) => calls.catalogue.create(actor, params.community_id, body),
    updateService: ({ actor, params, body }) => calls.catalogue.update(actor, params.community_id, params.service_code, body),
    createCall: ({ actor, body, idempotencyKey }) => s.createByResident(actor, body, idempotencyKey as string),
    createHotlineCall: ({ actor, params, body, idempotencyKey }) =>
      s.createByHotline(actor, params.community_id, body.resident_id, body, idempotencyKey as string),
    kioskCreateCall: ({ actor, body, idempotencyKey }) => s.createAtKiosk(actor, body, `kiosk:${idempotencyKey as string}`),
    kioskEmergency: ({ actor, body, idempotencyKey }) => s.createAnonymousEmergency(actor, body, idempotencyKey as string),
    listMyCalls: ({ actor, query }) => s.listMine(actor, query),
    listCommunityCalls: ({ actor, params, query }) => s.listCommunity(actor, params.community_id, query),
    getCall: ({ actor, params }) => s.get(actor, params.call_id),
    acknowledgeCall: ({ actor, params, body }) => s.acknowledge(actor, params.call_id, body?.note ?? null),
    assignCall: ({ actor, params, body }) => s.assign(actor, params.call_id, body?.provider_id, body?.note ?? null),
    closeDuplicateCall: ({ actor, params, body }) => s.closeDuplicate(actor, params.call_id, body.duplicate_of, body.note ?? null),
    acceptCall: ({ actor, params, body }) => s.accept(actor, params.call_id, body?.note ?? null),
    declineCall: ({ actor, params, body }) => s.decline(actor, params.call_id, body.reason),
    addCallNote: ({ actor, params, body }) => s.addNote(actor, params.call_id, body.note),
    resolveCall: ({ actor, params, body }) => s.resolve(actor, params.call_id, body?.note ?? null, body?.fee_fen ?? 0),
    setCallFee: ({ actor, params, body }) => calls.fees.setFee(actor, params.call_id, body.fee_fen, body.note ?? null),
    payCallFee: ({ actor, params, body, idempotencyKey }) => {
      const { session_id: _session, ...payer } = actor;
      return calls.payFee.execute({
        key: `${actor.user_id}:${idempotencyKey}`,
        input: { actor: payer, call_id: params.call_id },
        transient: { pin: body.pin },
      });
    },
    cancelCall: ({ actor, params, body }) => s.cancel(actor, params.call_id, body?.note ?? null),
    rateCall: ({ actor, params, body }) => s.rate(actor, params.call_id, body.rating, body.comment),
    listProviders: ({ actor, params }) => s.listProviders(actor, params.community_id),
    setProviderSkills: ({ actor, params, body }) => s.setSkills(actor, params.community_id, params.user_id, body.skills),
  };
}
