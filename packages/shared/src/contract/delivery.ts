import { z } from 'zod';
import { SCOPE_ERRORS, errorsOf } from './errors';
import { isCalendarDate } from '../time';
import { CommunityId, IsoDateTime, StationId, idOf, humanText } from './common';
import { NoContent, defineRoute } from './route';

// ---------- schemas ----------

/** Wall-clock time in Asia/Shanghai, "HH:MM". */
export const ClockTime = z.string().regex(/^([01]\d|2[0-3]):[0-5]\d$/, { message: '时间格式应为 HH:MM' });
/** A calendar date in Asia/Shanghai, "YYYY-MM-DD". */
export const CalendarDate = z.string().refine(isCalendarDate, { message: '日期格式应为 YYYY-MM-DD' });
export const SlotTemplateId = idOf('slt');
/** One delivery window on one day: "2026-11-30/09:00-11:00". */
export const SlotKey = z
  .string()
  .regex(/^\d{4}-\d{2}-\d{2}\/([01]\d|2[0-3]):[0-5]\d-([01]\d|2[0-3]):[0-5]\d$/, { message: '配送时段编号无效' });

export const SLOT_CAPACITY_MAX = 1000;
/** Cut-off before the window starts: up to two days (a village round picked the day before). */
export const SLOT_CUTOFF_MAX_MINUTES = 2 * 24 * 60;

const Window = z.strictObject({
  start: ClockTime,
  end: ClockTime,
  capacity: z.number().int().min(1).max(SLOT_CAPACITY_MAX),
  cutoff_minutes: z.number().int().min(0).max(SLOT_CUTOFF_MAX_MINUTES).default(60),
});
const startsBeforeEnd = (w: { start?: string; end?: string }) => w.start === undefined || w.end === undefined || w.start < w.end;

export const SlotTemplate = z.object({
  id: SlotTemplateId,
  community_id: CommunityId,
  /** ISO weekdays, 1 = Monday … 7 = Sunday. */
  weekdays: z.array(z.number().int()),
  start: z.string(),
  end: z.string(),
  capacity: z.number().int(),
  /** Orders for the window close this many minutes before it starts. */
  cutoff_minutes: z.number().int(),
  active: z.boolean(),
  created_at: IsoDateTime,
});
export type SlotTemplate = z.infer<typeof SlotTemplate>;

const templateFields = {
  weekdays: z.array(z.number().int().min(1).max(7)).min(1).max(7),
  start: ClockTime,
  end: ClockTime,
  capacity: z.number().int().min(1).max(SLOT_CAPACITY_MAX),
  cutoff_minutes: z.number().int().min(0).max(SLOT_CUTOFF_MAX_MINUTES),
};
export const CreateSlotTemplateBody = z
  .strictObject(templateFields)
  .refine(startsBeforeEnd, { message: '结束时间须晚于开始时间', path: ['end'] })
  .meta({ 'x-rules': ['end > start（HH:mm）'] });
export const UpdateSlotTemplateBody = z
  .strictObject({ ...templateFields, active: z.boolean() })
  .partial()
  .refine((b) => Object.keys(b).length > 0, { message: '至少修改一项' })
  .refine(startsBeforeEnd, { message: '结束时间须晚于开始时间', path: ['end'] })
  .meta({ minProperties: 1, 'x-rules': ['至少修改一项', 'start 与 end 都给出时 end > start（HH:mm）'] });

/** A date that differs from the weekly pattern: closed (春节、元旦) or its own windows (集市日 with more capacity). */
export const SlotException = z.object({
  community_id: CommunityId,
  date: z.string(),
  kind: z.enum(['closed', 'windows']),
  reason: z.string(),
  windows: z.array(z.object({ start: z.string(), end: z.string(), capacity: z.number().int(), cutoff_minutes: z.number().int() })),
});
export type SlotException = z.infer<typeof SlotException>;
export const SetSlotExceptionBody = z
  .strictObject({
    kind: z.enum(['closed', 'windows']),
    reason: humanText({ min: 1, max: 60 }),
    windows: z
      .array(Window.refine(startsBeforeEnd, { message: '结束时间须晚于开始时间', path: ['end'] }))
      .max(12)
      .optional(),
  })
  .refine((b) => (b.kind === 'closed' ? !b.windows?.length : Boolean(b.windows?.length)), {
    message: 'closed 不带时段；windows 至少一个时段',
    path: ['windows'],
  });

export const Slot = z.object({
  slot_key: SlotKey,
  date: z.string(),
  start: z.string(),
  end: z.string(),
  starts_at: IsoDateTime,
  ends_at: IsoDateTime,
  /** Orders for this window close at this time. */
  cutoff_at: IsoDateTime,
  capacity: z.number().int(),
  remaining: z.number().int(),
  /** null when it can be booked. */
  unavailable: z.enum(['full', 'cut_off']).nullable(),
});
export type Slot = z.infer<typeof Slot>;

export const PickupWindow = z.object({
  station_id: StationId,
  name: z.string(),
  address: z.string(),
  date: z.string(),
  open: z.string(),
  close: z.string(),
});
export type PickupWindow = z.infer<typeof PickupWindow>;

const DaysQuery = z.strictObject({
  /** First day (Shanghai); today by default. */
  from: CalendarDate.optional(),
  days: z.coerce.number().int().min(1).max(14).default(7),
});

// ---------- routes ----------

const tag = 'delivery';
const CommunityParams = z.strictObject({ community_id: CommunityId });
const EmptyQuery = z.strictObject({});

export const deliveryRoutes = {
  listSlots: defineRoute({
    id: 'listSlots',
    method: 'GET',
    path: '/api/v1/communities/:community_id/slots',
    summary: '配送时段（含剩余名额和截单时间，按上海时间）',
    tag,
    access: { kind: 'public' },
    params: CommunityParams,
    query: DaysQuery,
    response: z.object({ items: z.array(Slot) }),
  }),
  listPickupWindows: defineRoute({
    id: 'listPickupWindows',
    method: 'GET',
    path: '/api/v1/communities/:community_id/pickup-windows',
    summary: '自提点及其营业时间（自提的日期须在营业日）',
    tag,
    access: { kind: 'public' },
    params: CommunityParams,
    query: DaysQuery,
    response: z.object({ items: z.array(PickupWindow) }),
  }),
  listSlotTemplates: defineRoute({
    id: 'listSlotTemplates',
    errors: SCOPE_ERRORS,
    method: 'GET',
    path: '/api/v1/communities/:community_id/slot-templates',
    summary: '配送时段模板（本社区运营人员）',
    tag,
    access: { kind: 'user', roles: ['operator', 'admin'] },
    params: CommunityParams,
    query: EmptyQuery,
    response: z.object({ items: z.array(SlotTemplate) }),
  }),
  createSlotTemplate: defineRoute({
    id: 'createSlotTemplate',
    errors: SCOPE_ERRORS,
    method: 'POST',
    path: '/api/v1/communities/:community_id/slot-templates',
    summary: '新增配送时段模板（每周几、时段、名额、截单提前量）',
    tag,
    access: { kind: 'user', roles: ['operator', 'admin'] },
    params: CommunityParams,
    body: CreateSlotTemplateBody,
    response: SlotTemplate,
    status: 201,
  }),
  updateSlotTemplate: defineRoute({
    id: 'updateSlotTemplate',
    errors: errorsOf(SCOPE_ERRORS, { 404: ['slot_template_not_found'] }),
    method: 'PATCH',
    path: '/api/v1/slot-templates/:template_id',
    summary: '修改或停用配送时段模板（已预订的不受影响，名额变化立即生效）',
    tag,
    access: { kind: 'user', roles: ['operator', 'admin'] },
    params: z.strictObject({ template_id: SlotTemplateId }),
    body: UpdateSlotTemplateBody,
    response: SlotTemplate,
  }),
  listSlotExceptions: defineRoute({
    id: 'listSlotExceptions',
    errors: SCOPE_ERRORS,
    method: 'GET',
    path: '/api/v1/communities/:community_id/slot-exceptions',
    summary: '特殊日期（节假日停送、集市日加开）',
    tag,
    access: { kind: 'user', roles: ['operator', 'admin'] },
    params: CommunityParams,
    query: EmptyQuery,
    response: z.object({ items: z.array(SlotException) }),
  }),
  setSlotException: defineRoute({
    id: 'setSlotException',
    errors: SCOPE_ERRORS,
    method: 'PUT',
    path: '/api/v1/communities/:community_id/slot-exceptions/:date',
    summary: '设置某日的特殊安排（停送，或当天改用这些时段）',
    tag,
    access: { kind: 'user', roles: ['operator', 'admin'] },
    params: z.strictObject({ community_id: CommunityId, date: CalendarDate }),
    body: SetSlotExceptionBody,
    response: SlotException,
  }),
  deleteSlotException: defineRoute({
    id: 'deleteSlotException',
    errors: errorsOf(SCOPE_ERRORS, { 404: ['slot_exception_not_found'] }),
    method: 'DELETE',
    path: '/api/v1/communities/:community_id/slot-exceptions/:date',
    summary: '取消某日的特殊安排（恢复每周模板）',
    tag,
    access: { kind: 'user', roles: ['operator', 'admin'] },
    params: z.strictObject({ community_id: CommunityId, date: CalendarDate }),
    query: EmptyQuery,
    response: NoContent,
    status: 204,
  }),
};
