import { deliveryRoutes } from '@cc/shared';
import { noContent, type Handlers } from '../platform/http';
import type { Delivery } from './index';

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
