import { z } from 'zod';
import { COMMAND_ERRORS, CURSOR_ERRORS, SCOPE_ERRORS, errorsOf } from './errors';
import { CommunityId, IsoDateTime, LatLng, PageQuery, StationId, UserId, humanText, idOf, pageOf } from './common';
import { CallId } from './calls';
import { OrderId } from './orders';
import { defineRoute, type RouteErrors } from './route';

// ---------- lifecycle ----------

/**
 * `at_station`: dropped at its drop station (a village station) by the courier, waiting for 取件 at the kiosk.
 * `returned`: a failed delivery whose goods went back to a station (the end of that task; aftercare in delivery-aftercare.ts).
 */
export const DeliveryTaskStatus = z.enum(['open', 'claimed', 'picked_up', 'delivered', 'failed', 'at_station', 'returned', 'withdrawn']);
export type DeliveryTaskStatus = z.infer<typeof DeliveryTaskStatus>;
/** `resident`: the buyer collecting a parcel at a kiosk with a citizen-card session (delivery-proof.ts). */
export type DeliveryTaskActorRole = 'courier' | 'operator' | 'buyer' | 'system' | 'resident' | 'seller';

/**
 * The delivery task's state machine (delivery/tasks/transition.ts applies it with one guarded update each): who may
 * take a step, and from which status. `dispatch` is the deadline job handing an open task to a courier.
 */
export const DELIVERY_TASK_TRANSITIONS = {
  claim: { from: ['open'], to: 'claimed', by: ['courier'] },
  dispatch: { from: ['open'], to: 'claimed', by: ['system'] },
  release: { from: ['claimed'], to: 'open', by: ['courier'] },
  /**
   * Taken off the road before pickup (the dispatch board's 已撤回). The seller delivers the order themselves (开始配送
   * before any courier claimed it: only from open), or the system withdraws it when the order is refunded while the
   * goods are still with the seller (from open or claimed: the courier gets the unit back).
   */
  withdraw: { from: ['open', 'claimed'], to: 'withdrawn', by: ['seller', 'system'] },
  /** An operator moves a task not yet picked up to another on-duty courier of the community (调度台改派). */
  reassign: { from: ['open', 'claimed'], to: 'claimed', by: ['operator'] },
  pick_up: { from: ['claimed'], to: 'picked_up', by: ['courier'] },
  deliver: { from: ['picked_up'], to: 'delivered', by: ['courier'] },
  fail: { from: ['picked_up'], to: 'failed', by: ['courier'] },
  /** The courier leaves a parcel at its drop station (photo proof); the courier's work and fee end here. */
  drop_at_station: { from: ['picked_up'], to: 'at_station', by: ['courier'] },
  /** 取件: the buyer collects it at that station's kiosk; the card tap is the proof. */
  collect: { from: ['at_station'], to: 'delivered', by: ['resident'] },
  /**
   * 无人应答: recorded with a note and position; the courier keeps the parcel (still picked_up) and may knock again,
   * deliver or fail it — for a person registered as elderly living alone it also opens a welfare call.
   */
  no_answer: { from: ['picked_up'], to: 'picked_up', by: ['courier'] },
  /** After a failure, the buyer or an operator books another slot: the task is open again for couriers (重新配送). */
  redeliver: { from: ['failed'], to: 'open', by: ['operator', 'buyer'] },
  /** After a failure, an operator sends the goods back to a station of the community (退回站点). */
  return: { from: ['failed'], to: 'returned', by: ['operator'] },
} as const satisfies Record<string, { from: readonly DeliveryTaskStatus[]; to: DeliveryTaskStatus; by: readonly DeliveryTaskActorRole[] }>;
export type DeliveryTaskAction = keyof typeof DELIVERY_TASK_TRANSITIONS;

/** Wrong codes a task takes before the code is locked until an operator unlocks it. */
export const DELIVERY_CODE_ATTEMPTS_MAX = 5;
/** Pickup and delivery codes are this many digits. */
export const DELIVERY_CODE_DIGITS = 6;

// ---------- schemas ----------

export const DeliveryTaskId = idOf('dlv');
const Place = z.object({ label: z.string(), address: z.string(), location: LatLng, station_id: StationId.nullable() });

export const DeliveryTask = z.object({
  id: DeliveryTaskId,
  order_id: OrderId,
  /** The order's readable number (2412-0387), what people are shown; null on tasks made before it was kept. */
  order_number: z.string().nullable(),
  community_id: CommunityId,
  status: DeliveryTaskStatus,
  slot_key: z.string(),
  slot_starts_at: IsoDateTime,
  pickup: Place,
  drop: Place,
  distance_m: z.number().int(),
  fee_fen: z.number().int(),
  courier_id: UserId.nullable(),
  /** Present only for the one party who must say it: the seller sees `pickup`, the buyer `delivery`. */
  code: z.object({ kind: z.enum(['pickup', 'delivery']), value: z.string() }).nullable(),
  codes_locked: z.object({ pickup: z.boolean(), delivery: z.boolean() }),
  fee_paid: z.boolean(),
  /** The village trip the task rides in (delivery-proof.ts), or null. */
  trip_id: z.string().nullable(),
  /** How the delivery was proven once delivered: the buyer's code, a photo, or a citizen-card tap at a kiosk. */
  proof_kind: z.enum(['code', 'photo', 'card']).nullable(),
  /** The buyer's rating of the courier once delivered (delivery-aftercare.ts), or null before it is given. */
  rating: z.object({ stars: z.number().int().min(1).max(5), comment: z.string().nullable() }).nullable(),
  /**
   * The community's welfare call (关怀探访) opened when nobody answered an elder's door (delivery-aftercare.ts), kept on
   * the task so the courier's page still says so after a reload; null when there was none.
   */
  welfare_call: z.object({ id: CallId, number: z.string().nullable() }).nullable(),
  history: z.array(
    z.object({
      at: IsoDateTime,
      action: z.string(),
      from: DeliveryTaskStatus,
      to: DeliveryTaskStatus,
      actor_id: UserId.nullable(),
      actor_role: z.string(),
      position: LatLng.nullable(),
      reason: z.string().nullable(),
    }),
  ),
  created_at: IsoDateTime,
});
export type DeliveryTask = z.infer<typeof DeliveryTask>;

/** An open task as a courier sees it in the task hall: how far away, and what it pays. */
export const OpenTask = DeliveryTask.extend({ distance_from_me_m: z.number().int() });

export const CourierDuty = z.object({
  courier_id: UserId,
  on_duty: z.boolean(),
  community_id: CommunityId.nullable(),
  station_id: StationId.nullable(),
  active_tasks: z.number().int(),
  max_tasks: z.number().int(),
});
export type CourierDuty = z.infer<typeof CourierDuty>;

export const SetDutyBody = z.strictObject({
  on_duty: z.boolean(),
  /** The home community (and optionally its station) the courier works from; required to go on duty. */
  community_id: CommunityId.optional(),
  station_id: StationId.optional(),
});

export const FeeRule = z.object({
  community_id: CommunityId,
  base_fee_fen: z.number().int(),
  per_km_fen: z.number().int(),
});
export const SetFeeRuleBody = z.strictObject({
  base_fee_fen: z.number().int().min(0).max(100_00),
  per_km_fen: z.number().int().min(0).max(10_00),
});

const Position = { position: LatLng.optional() };
const CodeBody = z.strictObject({
  code: z.string().regex(/^\d{6}$/, { message: '应为 6 位数字' }),
  ...Position,
});

// ---------- routes ----------

const tag = 'delivery';
const TaskParams = z.strictObject({ task_id: DeliveryTaskId });
const EmptyQuery = z.strictObject({});
const courier = { kind: 'user', roles: ['courier', 'admin'] } as const;

const TASK_ERRORS: RouteErrors = {
  403: ['forbidden_action', 'not_your_task'],
  404: ['delivery_task_not_found'],
  409: ['illegal_transition'],
};
/** The order's own step through the orders service (orders/lifecycle/courier.ts). */
const ORDER_STEP_ERRORS: RouteErrors = { 404: ['order_not_found'], 409: ['order_not_deliverable'] };
const CODE_ERRORS: RouteErrors = { 400: ['delivery_code_incorrect'], 423: ['delivery_code_locked'] };

const taskStep = <B extends z.ZodType>(id: string, action: string, summary: string, body: B, errors: RouteErrors) =>
  defineRoute({
    id,
    errors: errorsOf(TASK_ERRORS, errors),
    method: 'POST',
    path: `/api/v1/delivery-tasks/:task_id/${action}`,
    summary,
    tag,
    access: courier,
    params: TaskParams,
    body,
    response: DeliveryTask,
  });

export const deliveryTaskRoutes = {
  getMyDuty: defineRoute({
    id: 'getMyDuty',
    method: 'GET',
    path: '/api/v1/couriers/me/duty',
    summary: '我的接单状态（是否在岗、所属社区、进行中的任务数和上限）',
    tag,
    access: courier,
    query: EmptyQuery,
    response: CourierDuty,
  }),
  setMyDuty: defineRoute({
    id: 'setMyDuty',
    errors: errorsOf(SCOPE_ERRORS, { 400: ['community_required', 'station_unknown'], 404: ['community_not_found'] }),
    method: 'PUT',
    path: '/api/v1/couriers/me/duty',
    summary: '上岗或下岗（上岗须在本社区有配送员身份）',
    tag,
    access: courier,
    body: SetDutyBody,
    response: CourierDuty,
  }),
  listOpenTasks: defineRoute({
    id: 'listOpenTasks',
    errors: { 409: ['courier_off_duty'] },
    method: 'GET',
    path: '/api/v1/delivery-tasks/open',
    summary: '附近待抢的配送任务（按距离、时段排序；默认以所属站点为位置）',
    tag,
    access: courier,
    query: z.strictObject({
      lat: z.coerce.number().min(-90).max(90).optional(),
      lng: z.coerce.number().min(-180).max(180).optional(),
      radius_m: z.coerce.number().int().min(100).max(50_000).default(5000),
    }),
    response: z.object({ items: z.array(OpenTask) }),
  }),
  listMyTasks: defineRoute({
    id: 'listMyTasks',
    method: 'GET',
    path: '/api/v1/couriers/me/tasks',
    summary: '我的配送任务（进行中的在前）',
    tag,
    access: courier,
    query: EmptyQuery,
    response: z.object({ items: z.array(DeliveryTask) }),
  }),
  getDeliveryTask: defineRoute({
    id: 'getDeliveryTask',
    errors: { 404: ['delivery_task_not_found'] },
    method: 'GET',
    path: '/api/v1/delivery-tasks/:task_id',
    summary: '配送任务（接单的配送员、本社区运营人员；待抢的任务在岗配送员可见）',
    tag,
    access: { kind: 'user', roles: ['courier', 'operator', 'admin'] },
    params: TaskParams,
    query: EmptyQuery,
    response: DeliveryTask,
  }),
  getOrderDelivery: defineRoute({
    id: 'getOrderDelivery',
    errors: { 404: ['delivery_task_not_found'] },
    method: 'GET',
    path: '/api/v1/orders/:order_id/delivery',
    summary: '订单的配送任务：卖家看到取件码，买家看到收件码',
    tag,
    access: { kind: 'user', roles: 'any' },
    params: z.strictObject({ order_id: OrderId }),
    query: EmptyQuery,
    response: DeliveryTask,
  }),
  claimDeliveryTask: defineRoute({
    id: 'claimDeliveryTask',
    errors: errorsOf(TASK_ERRORS, COMMAND_ERRORS, { 409: ['courier_off_duty', 'courier_at_capacity', 'task_taken', 'task_in_trip'] }),
    method: 'POST',
    path: '/api/v1/delivery-tasks/:task_id/claim',
    summary: '抢单（只有一人能抢到；在岗且未达上限）',
    tag,
    access: courier,
    params: TaskParams,
    body: z.strictObject({}),
    response: DeliveryTask,
    idempotent: true,
  }),
  releaseDeliveryTask: taskStep(
    'releaseDeliveryTask',
    'release',
    '取件前退回任务（须说明原因）',
    z.strictObject({ reason: humanText({ min: 2, max: 200 }), ...Position }),
    {},
  ),
  pickUpDeliveryTask: taskStep(
    'pickUpDeliveryTask',
    'pickup',
    '取件（输入卖家的取件码）',
    CodeBody,
    errorsOf(CODE_ERRORS, ORDER_STEP_ERRORS),
  ),
  deliverDeliveryTask: taskStep(
    'deliverDeliveryTask',
    'deliver',
    '送达（输入买家的收件码）；配送费记入配送员账户',
    CodeBody,
    errorsOf(CODE_ERRORS, ORDER_STEP_ERRORS, COMMAND_ERRORS, { 503: ['transfer_in_progress'] }),
  ),
  failDeliveryTask: taskStep(
    'failDeliveryTask',
    'fail',
    '配送失败（须说明原因）',
    z.strictObject({ reason: humanText({ min: 2, max: 200 }), ...Position }),
    {},
  ),
  unlockDeliveryCode: defineRoute({
    id: 'unlockDeliveryCode',
    errors: errorsOf(SCOPE_ERRORS, { 404: ['delivery_task_not_found'] }),
    method: 'POST',
    path: '/api/v1/delivery-tasks/:task_id/unlock-code',
    summary: '解锁输错次数过多的取件码或收件码（本社区运营人员）',
    tag,
    access: { kind: 'user', roles: ['operator', 'admin'] },
    params: TaskParams,
    body: z.strictObject({ kind: z.enum(['pickup', 'delivery']) }),
    response: DeliveryTask,
  }),
  listCommunityDeliveryTasks: defineRoute({
    id: 'listCommunityDeliveryTasks',
    errors: errorsOf(SCOPE_ERRORS, CURSOR_ERRORS),
    method: 'GET',
    path: '/api/v1/communities/:community_id/delivery-tasks',
    summary: '调度台：本社区的配送任务，先建的在前（可按状态；late=true 只看时段已开始仍未取件的，超时最久的在前；已撤回的最新的在前）',
    tag,
    access: { kind: 'user', roles: ['operator', 'admin'] },
    params: z.strictObject({ community_id: CommunityId }),
    query: z.strictObject({ ...PageQuery, status: DeliveryTaskStatus.optional(), late: z.enum(['true', 'false']).optional() }),
    response: pageOf(DeliveryTask),
  }),
  reassignDeliveryTask: defineRoute({
    id: 'reassignDeliveryTask',
    errors: errorsOf(SCOPE_ERRORS, {
      400: ['courier_unknown'],
      404: ['delivery_task_not_found'],
      409: ['illegal_transition', 'courier_off_duty', 'courier_at_capacity'],
    }),
    method: 'POST',
    path: '/api/v1/delivery-tasks/:task_id/reassign',
    summary: '改派：把未取件的任务交给本社区另一位在岗配送员（本社区运营人员）',
    tag,
    access: { kind: 'user', roles: ['operator', 'admin'] },
    params: TaskParams,
    body: z.strictObject({ courier_id: UserId, reason: humanText({ min: 2, max: 200 }) }),
    response: DeliveryTask,
  }),
  getDeliveryFeeRule: defineRoute({
    id: 'getDeliveryFeeRule',
    errors: SCOPE_ERRORS,
    method: 'GET',
    path: '/api/v1/communities/:community_id/delivery-fee-rule',
    summary: '配送费规则（基础费、每公里加价）',
    tag,
    access: { kind: 'user', roles: ['operator', 'admin'] },
    params: z.strictObject({ community_id: CommunityId }),
    query: EmptyQuery,
    response: FeeRule,
  }),
  setDeliveryFeeRule: defineRoute({
    id: 'setDeliveryFeeRule',
    errors: errorsOf(SCOPE_ERRORS, { 404: ['community_not_found'] }),
    method: 'PUT',
    path: '/api/v1/communities/:community_id/delivery-fee-rule',
    summary: '设置配送费规则（对之后生成的任务生效）',
    tag,
    access: { kind: 'user', roles: ['operator', 'admin'] },
    params: z.strictObject({ community_id: CommunityId }),
    body: SetFeeRuleBody,
    response: FeeRule,
  }),
};
