import { z } from 'zod';
import { CallId } from './calls';
import { CommunityId, IsoDateTime, LatLng, StationId, UserId, humanText } from './common';
import { DeliveryTask, DeliveryTaskId } from './delivery-tasks';
import { SlotKey } from './delivery';
import { SCOPE_ERRORS, errorsOf } from './errors';
import { NoContent, defineRoute, type RouteErrors } from './route';

/**
 * After a delivery (issue 13 §3, §6, §7): a failed task delivered again in a new slot or returned to a station, the
 * buyer's rating of the courier, the operators' list of couriers, and the welfare check (关怀探访) — 无人应答 at the
 * door of a person registered as elderly living alone opens an eldercare call.
 */

// ---------- schemas ----------

/** Stars a buyer gives a courier. */
export const COURIER_RATING_MIN = 1;
export const COURIER_RATING_MAX = 5;

export const CourierRating = z.object({
  task_id: DeliveryTaskId,
  courier_id: UserId,
  stars: z.number().int(),
  comment: z.string().nullable(),
  rated_at: IsoDateTime,
});
export type CourierRating = z.infer<typeof CourierRating>;

/** A courier as the operators see them: duty, load, and the residents' ratings (average null until rated). */
export const CommunityCourier = z.object({
  courier_id: UserId,
  on_duty: z.boolean(),
  station_id: StationId.nullable(),
  active_tasks: z.number().int(),
  max_tasks: z.number().int(),
  rating: z.object({ average: z.number().nullable(), count: z.number().int() }),
});
export type CommunityCourier = z.infer<typeof CommunityCourier>;

/** A resident registered by the community's operator as elderly living alone (独居老人). */
export const WelfareResident = z.object({
  community_id: CommunityId,
  user_id: UserId,
  note: z.string().nullable(),
  registered_by: UserId,
  registered_at: IsoDateTime,
});
export type WelfareResident = z.infer<typeof WelfareResident>;

export const NoAnswerResult = z.object({
  task: DeliveryTask,
  /** The eldercare call opened (or already open) for this task; null when the person is not registered. */
  welfare_call: z.object({ id: CallId, number: z.string() }).nullable(),
});

// ---------- routes ----------

const tag = 'delivery';
const TaskParams = z.strictObject({ task_id: DeliveryTaskId });
const CommunityParams = z.strictObject({ community_id: CommunityId });
const EmptyQuery = z.strictObject({});
const operators = { kind: 'user', roles: ['operator', 'admin'] } as const;

const TASK_ERRORS: RouteErrors = {
  403: ['forbidden_action'],
  404: ['delivery_task_not_found'],
  409: ['illegal_transition'],
};
/** What the calls service may answer when the welfare call is opened (calls/create.ts). */
const WELFARE_CALL_ERRORS: RouteErrors = {
  404: ['service_not_found'],
  409: ['service_inactive', 'idempotency_conflict'],
  429: ['too_many_calls'],
};

export const deliveryAftercareRoutes = {
  redeliverDeliveryTask: defineRoute({
    id: 'redeliverDeliveryTask',
    errors: errorsOf(TASK_ERRORS, { 400: ['slot_unknown'] }),
    method: 'POST',
    path: '/api/v1/delivery-tasks/:task_id/redeliver',
    summary: '配送失败后重新配送：买家或本社区运营人员另选时段，任务重新待接单',
    tag,
    access: { kind: 'user', roles: 'any' },
    params: TaskParams,
    body: z.strictObject({ slot_key: SlotKey, reason: humanText({ min: 2, max: 200 }).optional() }),
    response: DeliveryTask,
  }),
  returnDeliveryTask: defineRoute({
    id: 'returnDeliveryTask',
    errors: errorsOf(TASK_ERRORS, SCOPE_ERRORS, { 400: ['station_unknown'] }),
    method: 'POST',
    path: '/api/v1/delivery-tasks/:task_id/return',
    summary: '配送失败后退回本社区站点，由站点交给居民或办理退款（本社区运营人员）',
    tag,
    access: operators,
    params: TaskParams,
    body: z.strictObject({ station_id: StationId, reason: humanText({ min: 2, max: 200 }) }),
    response: DeliveryTask,
  }),
  rateDeliveryCourier: defineRoute({
    id: 'rateDeliveryCourier',
    errors: { 404: ['delivery_task_not_found'], 409: ['task_not_delivered', 'already_rated'] },
    method: 'POST',
    path: '/api/v1/delivery-tasks/:task_id/rating',
    summary: '送达后买家评价配送员（1–5 星，可附一句话；每个任务只能评一次）',
    tag,
    access: { kind: 'user', roles: 'any' },
    params: TaskParams,
    body: z.strictObject({
      stars: z.number().int().min(COURIER_RATING_MIN).max(COURIER_RATING_MAX),
      comment: humanText({ min: 1, max: 200 }).optional(),
    }),
    response: CourierRating,
  }),
  listCommunityCouriers: defineRoute({
    id: 'listCommunityCouriers',
    errors: SCOPE_ERRORS,
    method: 'GET',
    path: '/api/v1/communities/:community_id/couriers',
    summary: '本社区的配送员：是否在岗、进行中的任务数、居民评分',
    tag,
    access: operators,
    params: CommunityParams,
    query: EmptyQuery,
    response: z.object({ items: z.array(CommunityCourier) }),
  }),
  noAnswerDeliveryTask: defineRoute({
    id: 'noAnswerDeliveryTask',
    errors: errorsOf(TASK_ERRORS, WELFARE_CALL_ERRORS, { 403: ['not_your_task'] }),
    method: 'POST',
    path: '/api/v1/delivery-tasks/:task_id/no-answer',
    summary: '无人应答（敲门、打电话都没人应）：记下说明和位置；独居老人另开关怀探访呼叫并提醒值班人员',
    tag,
    access: { kind: 'user', roles: ['courier', 'admin'] },
    params: TaskParams,
    body: z.strictObject({ note: humanText({ min: 2, max: 200 }), position: LatLng }),
    response: NoAnswerResult,
  }),
  listWelfareResidents: defineRoute({
    id: 'listWelfareResidents',
    errors: SCOPE_ERRORS,
    method: 'GET',
    path: '/api/v1/communities/:community_id/welfare-residents',
    summary: '本社区登记的独居老人（关怀探访名单）',
    tag,
    access: operators,
    params: CommunityParams,
    query: EmptyQuery,
    response: z.object({ items: z.array(WelfareResident) }),
  }),
  registerWelfareResident: defineRoute({
    id: 'registerWelfareResident',
    errors: errorsOf(SCOPE_ERRORS, { 404: ['user_not_found'], 409: ['not_a_resident'] }),
    method: 'PUT',
    path: '/api/v1/communities/:community_id/welfare-residents/:user_id',
    summary: '登记本社区居民为独居老人（已登记则更新备注）',
    tag,
    access: operators,
    params: z.strictObject({ community_id: CommunityId, user_id: UserId }),
    body: z.strictObject({ note: humanText({ min: 1, max: 200 }).optional() }),
    response: WelfareResident,
  }),
  removeWelfareResident: defineRoute({
    id: 'removeWelfareResident',
    errors: errorsOf(SCOPE_ERRORS, { 404: ['welfare_resident_not_found'] }),
    method: 'DELETE',
    path: '/api/v1/communities/:community_id/welfare-residents/:user_id',
    summary: '取消独居老人登记',
    tag,
    access: operators,
    params: z.strictObject({ community_id: CommunityId, user_id: UserId }),
    query: EmptyQuery,
    response: NoContent,
    status: 204,
  }),
};
