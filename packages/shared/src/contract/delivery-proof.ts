import { z } from 'zod';
import { COMMAND_ERRORS, errorsOf } from './errors';
import { CommunityId, IsoDateTime, LatLng, ReadableNumber, StationId, UploadId, UserId, humanText, idOf } from './common';
import { DeliveryTask, DeliveryTaskId } from './delivery-tasks';
import { defineRoute, type RouteErrors } from './route';

// ---------- proof of delivery ----------

/**
 * When a courier may deliver to a resident's door with a photo instead of the buyer's code (never at a station: a
 * station drop has its own step). Each needs a note saying what happened; a locked code is never bypassed this way.
 * - left_as_asked: the buyer asked (by phone or message) to leave it at the door or with a named neighbour.
 * - no_code_in_person: handed to the buyer in person, who cannot show the code (no phone with them, an elder).
 */
export const PHOTO_PROOF_REASONS = ['left_as_asked', 'no_code_in_person'] as const;
export const PhotoProofReason = z.enum(PHOTO_PROOF_REASONS);
export type PhotoProofReason = z.infer<typeof PhotoProofReason>;
export const PHOTO_PROOF_REASON_WORDS: Record<PhotoProofReason, string> = {
  left_as_asked: '按收件人要求放在门口或交邻居代收',
  no_code_in_person: '当面交给收件人，但收件人无法出示收件码',
};

/** How a task's delivery was proven, recorded on the task once it is delivered. */
export const DeliveryProof = z.discriminatedUnion('kind', [
  z.object({ kind: z.literal('code'), at: IsoDateTime }),
  z.object({
    kind: z.literal('photo'),
    at: IsoDateTime,
    upload_id: UploadId,
    photo_url: z.string(),
    reason: PhotoProofReason,
    note: z.string(),
  }),
  /** A citizen-card session at the drop station's kiosk: the card holder is the buyer. */
  z.object({ kind: z.literal('card'), at: IsoDateTime, kiosk_id: z.string() }),
]);
export type DeliveryProof = z.infer<typeof DeliveryProof>;

/** A parcel left at its drop station: the courier's photo of it there. */
export const StationDrop = z.object({ at: IsoDateTime, courier_id: UserId, upload_id: UploadId, photo_url: z.string() });

/** A task with its proofs, as the proof routes answer it. */
export const ProvenTask = DeliveryTask.extend({ proof: DeliveryProof.nullable(), station_drop: StationDrop.nullable() });
export type ProvenTask = z.infer<typeof ProvenTask>;

// ---------- village trips ----------

export const DeliveryTripId = idOf('trp');
export const DeliveryTripStatus = z.enum(['open', 'claimed']);

/**
 * A village trip (村级配送车次): the tasks of one slot whose drop is the same station, made automatically as the tasks
 * are created, at most the courier maximum of parcels each; one courier claims it whole.
 */
export const DeliveryTrip = z.object({
  id: DeliveryTripId,
  community_id: CommunityId,
  station_id: StationId,
  station_name: z.string(),
  slot_key: z.string(),
  slot_starts_at: IsoDateTime,
  status: DeliveryTripStatus,
  courier_id: UserId.nullable(),
  task_ids: z.array(DeliveryTaskId),
  fee_fen: z.number().int(),
  created_at: IsoDateTime,
});
export type DeliveryTrip = z.infer<typeof DeliveryTrip>;

// ---------- the kiosk's 取件 ----------

/** A parcel waiting at this kiosk's station for the signed-in card holder: what the screen shows, big. */
export const KioskParcel = z.object({
  task_id: DeliveryTaskId,
  order_number: ReadableNumber,
  seller: z.string(),
  items: z.array(z.object({ name: z.string(), quantity: z.number().int(), unit: z.string() })),
  arrived_at: IsoDateTime,
});
export type KioskParcel = z.infer<typeof KioskParcel>;

export const KioskCollected = z.object({ task_id: DeliveryTaskId, order_number: ReadableNumber, collected_at: IsoDateTime });

// ---------- routes ----------

const tag = 'delivery';
const courier = { kind: 'user', roles: ['courier', 'admin'] } as const;
const TaskParams = z.strictObject({ task_id: DeliveryTaskId });
const TripParams = z.strictObject({ trip_id: DeliveryTripId });
const TASK_ERRORS: RouteErrors = {
  403: ['forbidden_action', 'not_your_task'],
  404: ['delivery_task_not_found'],
  409: ['illegal_transition'],
};
const ORDER_STEP_ERRORS: RouteErrors = { 404: ['order_not_found'], 409: ['order_not_deliverable'] };
const PHOTO_ERRORS: RouteErrors = { 400: ['upload_unknown'] };
const StationDropBody = z.strictObject({ photo_upload_id: UploadId, position: LatLng.optional() });

export const deliveryProofRoutes = {
  deliverDeliveryTaskByPhoto: defineRoute({
    id: 'deliverDeliveryTaskByPhoto',
    errors: errorsOf(TASK_ERRORS, ORDER_STEP_ERRORS, PHOTO_ERRORS, COMMAND_ERRORS, {
      409: ['photo_proof_not_allowed'],
      423: ['delivery_code_locked'],
      503: ['transfer_in_progress'],
    }),
    method: 'POST',
    path: '/api/v1/delivery-tasks/:task_id/deliver-by-photo',
    summary: '拍照送达（无收件码时：须选择原因并说明；收件码被锁定时不可用；送到服务站的任务用「放到服务站」）',
    tag,
    access: courier,
    params: TaskParams,
    body: z.strictObject({
      photo_upload_id: UploadId,
      reason: PhotoProofReason,
      note: humanText({ min: 2, max: 200 }),
      position: LatLng.optional(),
    }),
    response: ProvenTask,
  }),
  dropDeliveryTaskAtStation: defineRoute({
    id: 'dropDeliveryTaskAtStation',
    errors: errorsOf(TASK_ERRORS, PHOTO_ERRORS, COMMAND_ERRORS, { 409: ['not_a_station_drop'], 503: ['transfer_in_progress'] }),
    method: 'POST',
    path: '/api/v1/delivery-tasks/:task_id/drop-at-station',
    summary: '放到服务站（拍照为证；居民凭市民卡到服务站终端取件）；配送费记入配送员账户',
    tag,
    access: courier,
    params: TaskParams,
    body: StationDropBody,
    response: ProvenTask,
  }),
  listOpenDeliveryTrips: defineRoute({
    id: 'listOpenDeliveryTrips',
    errors: { 409: ['courier_off_duty'] },
    method: 'GET',
    path: '/api/v1/delivery-trips/open',
    summary: '待抢的村级配送车次（同一时段送到同一村级服务站的任务，整车接单）',
    tag,
    access: courier,
    query: z.strictObject({}),
    response: z.object({ items: z.array(DeliveryTrip) }),
  }),
  claimDeliveryTrip: defineRoute({
    id: 'claimDeliveryTrip',
    errors: errorsOf(COMMAND_ERRORS, {
      404: ['delivery_trip_not_found'],
      409: ['courier_off_duty', 'courier_at_capacity', 'trip_taken', 'illegal_transition'],
    }),
    method: 'POST',
    path: '/api/v1/delivery-trips/:trip_id/claim',
    summary: '整车接单（只有一人能抢到；每个包裹占一个任务名额）',
    tag,
    access: courier,
    params: TripParams,
    body: z.strictObject({}),
    response: DeliveryTrip,
    idempotent: true,
  }),
  dropDeliveryTripAtStation: defineRoute({
    id: 'dropDeliveryTripAtStation',
    errors: errorsOf(PHOTO_ERRORS, COMMAND_ERRORS, {
      403: ['not_your_task'],
      404: ['delivery_trip_not_found'],
      503: ['transfer_in_progress'],
    }),
    method: 'POST',
    path: '/api/v1/delivery-trips/:trip_id/drop-at-station',
    summary: '整车放到村级服务站（一张照片为证；已取件的包裹全部放下，配送费记入配送员账户）',
    tag,
    access: courier,
    params: TripParams,
    body: StationDropBody,
    response: z.object({ trip: DeliveryTrip, dropped: z.number().int() }),
  }),
  kioskListParcels: defineRoute({
    id: 'kioskListParcels',
    method: 'GET',
    path: '/api/v1/kiosk/parcels',
    summary: '终端取件：本服务站等您取的包裹（刷卡登录后）',
    tag: 'kiosk',
    access: { kind: 'card' },
    query: z.strictObject({}),
    response: z.object({ items: z.array(KioskParcel) }),
  }),
  kioskCollectParcel: defineRoute({
    id: 'kioskCollectParcel',
    errors: errorsOf(ORDER_STEP_ERRORS, { 404: ['parcel_not_found'], 409: ['illegal_transition'] }),
    method: 'POST',
    path: '/api/v1/kiosk/parcels/:task_id/collect',
    summary: '确认取件（刷卡即签收；订单随之送达）',
    tag: 'kiosk',
    access: { kind: 'card' },
    params: TaskParams,
    body: z.strictObject({}),
    response: KioskCollected,
  }),
};
