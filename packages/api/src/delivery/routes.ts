import { deliveryRouteRoutes, deliveryRoutes, deliveryTaskRoutes } from '@cc/shared';
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
export function deliveryRouteHandlers({ tasks }: Delivery): Handlers<typeof deliveryRouteRoutes> {
  return { getMyRoute: ({ actor, query }) => courierRoute(tasks.models, actor.user_id, query) };
}
