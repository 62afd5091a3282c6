import {
  deliveryAftercareRoutes,
  deliveryEarningsRoutes,
  deliveryProofRoutes,
  deliveryRouteRoutes,
  deliveryRoutes,
  deliveryTaskRoutes,
} from '@cc/shared';
import { noContent, type Handlers } from '../platform/http';
import type { Delivery } from './index';
import { courierRoute } from './route/courier';

/** Thin: parse (mountRoutes), one service call, return. */
export function deliveryHandlers({ slots }: Delivery): Handlers<typeof deliveryRoutes> {
  return {
    listSlots: ({ params, query }) => slots.listSlots(params.community_id, query),
    listPickupWindows: ({ params, query }) => slots.listPickupWindows(params.community_id, query),
    listSlotTemplates: ({ actor, params }) => slots.listTemplates(actor, params.community_id),
    createSlotTemplate: ({ actor, params, body }) => slots.createTemplate(actor, params.community_id, body),
    updateSlotTemplate: ({ actor, params, body }) => slots.updateTemplate(actor, params.template_id, body),
    listSlotExceptions: ({ actor, params }) => slots.listExceptions(actor, params.community_id),
    setSlotException: ({ actor, params, body }) => slots.setException(actor, params.community_id, params.date, body),
    deleteSlotException: ({ actor, params }) => noContent(slots.deleteException(actor, params.community_id, params.date)),
  };
}

/** Delivery tasks: couriers' duty, the task hall, claims and steps; the order's task; fee rules. */
export function deliveryTaskHandlers({ tasks }: Delivery): Handlers<typeof deliveryTaskRoutes> {
  return {
    getMyDuty: ({ actor }) => tasks.getDuty(actor),
    setMyDuty: ({ actor, body }) => tasks.setDuty(actor, body),
    listOpenTasks: ({ actor, query }) => tasks.listOpen(actor, query),
    listMyTasks: ({ actor }) => tasks.listMine(actor),
    getDeliveryTask: ({ actor, params }) => tasks.get(actor, params.task_id),
    getOrderDelivery: ({ actor, params }) => tasks.ofOrder(actor, params.order_id),
    claimDeliveryTask: ({ actor, params }) => tasks.claim(actor, params.task_id),
    releaseDeliveryTask: ({ actor, params, body }) => tasks.release(actor, params.task_id, body.reason, body.position),
    pickUpDeliveryTask: ({ actor, params, body }) => tasks.pickUp(actor, params.task_id, body),
    deliverDeliveryTask: ({ actor, params, body }) => tasks.deliver(actor, params.task_id, body),
    failDeliveryTask: ({ actor, params, body }) => tasks.fail(actor, params.task_id, body.reason, body.position),
    reassignDeliveryTask: ({ actor, params, body }) => tasks.reassign(actor, params.task_id, body),
    unlockDeliveryCode: ({ actor, params, body }) => tasks.unlockCode(actor, params.task_id, body.kind),
    listCommunityDeliveryTasks: ({ actor, params, query }) => tasks.board(actor, params.community_id, query),
    getDeliveryFeeRule: ({ actor, params }) => tasks.getFeeRule(actor, params.community_id),
    setDeliveryFeeRule: ({ actor, params, body }) => tasks.setFeeRule(actor, params.community_id, body),
  };
}

/** The courier's planned route (delivery/route/): recomputed from the held tasks on every read. */
export function deliveryRouteHandlers({ tasks, tracking }: Delivery): Handlers<typeof deliveryRouteRoutes> {
  return {
    getMyRoute: async ({ actor, query }) => courierRoute(tasks.models, actor.user_id, query, await tracking.positionOf(actor.user_id)),
  };
}

/** After a delivery: re-delivery or return, ratings of couriers, the welfare register and 无人应答. */
export function deliveryAftercareHandlers({ tasks }: Delivery): Handlers<typeof deliveryAftercareRoutes> {
  return {
    redeliverDeliveryTask: ({ actor, params, body }) => tasks.redeliver(actor, params.task_id, body),
    returnDeliveryTask: ({ actor, params, body }) => tasks.returnToStation(actor, params.task_id, body),
    rateDeliveryCourier: ({ actor, params, body }) => tasks.rateCourier(actor, params.task_id, body),
    listCommunityCouriers: ({ actor, params }) => tasks.listCouriers(actor, params.community_id),
    noAnswerDeliveryTask: ({ actor, params, body }) => tasks.welfare.noAnswer(actor, params.task_id, body),
    listWelfareResidents: ({ actor, params }) => tasks.welfare.list(actor, params.community_id),
    registerWelfareResident: ({ actor, params, body }) => tasks.welfare.register(actor, params.community_id, params.user_id, body),
    removeWelfareResident: ({ actor, params }) => noContent(tasks.welfare.remove(actor, params.community_id, params.user_id)),
  };
}

/** Proof of delivery by photo, station drops, village trips and the kiosk's 取件 (delivery-proof contract). */
export function deliveryProofHandlers({ tasks }: Delivery): Handlers<typeof deliveryProofRoutes> {
  return {
    deliverDeliveryTaskByPhoto: ({ actor, params, body }) => tasks.deliverByPhoto(actor, params.task_id, body),
    dropDeliveryTaskAtStation: ({ actor, params, body }) => tasks.dropAtStation(actor, params.task_id, body),
    listOpenDeliveryTrips: ({ actor }) => tasks.listOpenTrips(actor),
    claimDeliveryTrip: ({ actor, params }) => tasks.claimTrip(actor, params.trip_id),
    dropDeliveryTripAtStation: ({ actor, params, body }) => tasks.dropTrip(actor, params.trip_id, body),
    kioskListParcels: ({ actor }) => tasks.kioskParcels(actor),
    kioskCollectParcel: ({ actor, params }) => tasks.collectParcel(actor, params.task_id),
  };
}

/** 我的收入: the courier's totals and days, summed by the server (tasks/income.ts). */
export function deliveryEarningsHandlers({ tasks }: Delivery): Handlers<typeof deliveryEarningsRoutes> {
  return { getMyEarnings: ({ actor, query }) => tasks.earnings(actor, query) };
}
