import {
  fromShanghai,
  shanghaiDate,
  shanghaiWeekday,
  type BodyOf,
  type PickupWindow,
  type Slot,
  type SlotException,
  type SlotTemplate,
  type Station,
  type routes,
} from '@cc/shared';
import { assertCommunityRole, type UserActor } from '../platform/actor';
import { newId } from '../platform/ids';
import { badRequest, conflict, notFound } from '../platform/problem';
import type { DeliveryModels, SlotBookingDoc, SlotCountDoc, SlotExceptionDoc, SlotTemplateDoc } from './models';

type Window = { start: string; end: string; capacity: number; cutoff_minutes: number };

/** "2026-11-30" + 1 → "2026-12-01" (calendar arithmetic on the date itself, no time zone involved). */
export function addDays(ymd: string, n: number): string {
  const d = new Date(`${ymd}T00:00:00Z`);
  d.setUTCDate(d.getUTCDate() + n);
  return d.toISOString().slice(0, 10);
}
const weekdayOf = (ymd: string) => shanghaiWeekday(fromShanghai(ymd, '12:00'));
const keyOf = (date: string, w: { start: string; end: string }) => `${date}/${w.start}-${w.end}`;
const countId = (community_id: string, slot_key: string) => `${community_id}|${slot_key}`;

function toTemplate(t: SlotTemplateDoc): SlotTemplate {
  return {
    id: t._id,
    community_id: t.community_id,
    weekdays: t.weekdays,
    start: t.start,
    end: t.end,
    capacity: t.capacity,
    cutoff_minutes: t.cutoff_minutes,
    active: t.active,
    created_at: t.created_at.toISOString(),
  };
}
function toException(e: SlotExceptionDoc): SlotException {
  return { community_id: e.community_id, date: e.date, kind: e.kind, reason: e.reason, windows: e.windows };
}

export interface SlotsDeps {
  models: DeliveryModels;
  /** Identity, through its service: the community's stations (404 for an unknown community). */
  stationsOf(community_id: string): Promise<Station[]>;
  now?: () => Date;
}

const clock = (deps: SlotsDeps): Date => (deps.now ? deps.now() : new Date());

/** The windows a community offers on each of these dates: the exception if there is one, else the weekly pattern. */
async function windowsByDate(deps: SlotsDeps, community_id: string, dates: string[]): Promise<Map<string, Window[]>> {
  const { SlotTemplate: Template, SlotException: Exception } = deps.models;
  const [templates, exceptions] = await Promise.all([
    Template.find({ community_id, active: true }).lean<SlotTemplateDoc[]>(),
    Exception.find({ _id: { $in: dates.map((d) => `${community_id}|${d}`) } }).lean<SlotExceptionDoc[]>(),
  ]);
  const byDate = new Map(exceptions.map((e) => [e.date, e]));
  return new Map(
    dates.map((date) => {
      const ex = byDate.get(date);
      const windows = ex
        ? ex.windows
        : templates
            .filter((t) => t.weekdays.includes(weekdayOf(date)))
            .map((t) => ({ start: t.start, end: t.end, capacity: t.capacity, cutoff_minutes: t.cutoff_minutes }));
      return [date, [...windows].sort((a, b) => a.start.localeCompare(b.start))];
    }),
  );
}

function slotOf(date: string, w: Window, booked: number, at: Date): Slot {
  const starts_at = fromShanghai(date, w.start);
  const cutoff_at = new Date(starts_at.getTime() - w.cutoff_minutes * 60_000);
  const remaining = Math.max(0, w.capacity - booked);
  return {
    slot_key: keyOf(date, w),
    date,
    start: w.start,
    end: w.end,
    starts_at: starts_at.toISOString(),
    ends_at: fromShanghai(date, w.end).toISOString(),
    cutoff_at: cutoff_at.toISOString(),
    capacity: w.capacity,
    remaining,
    unavailable: at >= cutoff_at ? 'cut_off' : remaining === 0 ? 'full' : null,
  };
}

function daysFrom(deps: SlotsDeps, from: string | undefined, days: number): string[] {
  const first = from ?? shanghaiDate(clock(deps));
  return Array.from({ length: days }, (_, i) => addDays(first, i));
}

async function requireTemplateFor(deps: SlotsDeps, actor: UserActor, template_id: string): Promise<SlotTemplateDoc> {
  const t = await deps.models.SlotTemplate.findById(template_id).lean<SlotTemplateDoc>();
  if (!t) throw notFound('slot_template_not_found', '配送时段模板不存在');
  assertCommunityRole(actor, t.community_id, ['operator']);
  return t;
}

/**
 * The holder's claim on a seat, taken before the count moves so that replays of one checkout never take two seats
 * (nor lose the one they have). 'claimed': this call books; 'already_held': an earlier call booked this window.
 */
async function claim(deps: SlotsDeps, holder: string, community_id: string, slot_key: string): Promise<'claimed' | 'already_held'> {
  const { SlotBooking } = deps.models;
  const fresh = { community_id, slot_key, status: 'pending' as const, created_at: clock(deps), released_at: null };
  for (const end = Date.now() + 3000; ;) {
    try {
      await SlotBooking.create({ _id: holder, ...fresh });
      return 'claimed';
    } catch (err) {
      if ((err as { code?: number }).code !== 11000) throw err;
    }
    // A released seat may be booked again (an order that changed its window).
    if (await SlotBooking.findOneAndUpdate({ _id: holder, status: 'released' }, { $set: fresh })) return 'claimed';
    const b = await SlotBooking.findById(holder).lean<SlotBookingDoc>();
    if (b?.status === 'held') {
      if (b.slot_key === slot_key) return 'already_held';
      throw conflict('slot_holder_taken', '该订单已预订了其他配送时段');
    }
    // Another call for the same holder is booking right now: wait for its outcome rather than guess.
    if (Date.now() > end) throw conflict('slot_booking_in_progress', '正在预订配送时段，请稍后再试');
    await new Promise((r) => setTimeout(r, 20));
  }
}

async function settle(deps: SlotsDeps, holder: string, status: 'held' | 'released'): Promise<void> {
  await deps.models.SlotBooking.updateOne(
    { _id: holder, status: 'pending' },
    { $set: { status, ...(status === 'released' ? { released_at: clock(deps) } : {}) } },
  );
}

/**
 * Takes one seat in a window for `holder` (an order id). Idempotent per holder: a replay returns the same seat.
 * 409 slot_full / slot_cut_off; 400 slot_unknown when the community offers no such window that day.
 */
async function book(deps: SlotsDeps, community_id: string, slot_key: string, holder: string): Promise<Slot> {
  const date = slot_key.slice(0, 10);
  const window = (await windowsByDate(deps, community_id, [date])).get(date)?.find((w) => keyOf(date, w) === slot_key);
  if (!window)
    throw badRequest('slot_unknown', '没有这个配送时段', [{ path: 'body.slot_key', message: '没有这个配送时段', code: 'slot_unknown' }]);
  const at = clock(deps);
  const offered = slotOf(date, window, 0, at);
  if ((await claim(deps, holder, community_id, slot_key)) === 'already_held') return offered;
  if (offered.unavailable === 'cut_off') {
    await settle(deps, holder, 'released');
    throw conflict('slot_cut_off', `${window.start}–${window.end} 的配送已截单，请选择其他时段`);
  }
  try {
    // The guard is the capacity: when the window is full the filter matches nothing, the upsert tries to insert
    // the same _id, and the unique _id refuses it. One atomic step, on MongoDB and the embedded server alike.
    await deps.models.SlotCount.findOneAndUpdate(
      { _id: countId(community_id, slot_key), booked: { $lt: window.capacity } },
      { $inc: { booked: 1 }, $setOnInsert: { community_id, date } },
      { upsert: true, new: true },
    );
  } catch (err) {
    await settle(deps, holder, 'released');
    if ((err as { code?: number }).code === 11000)
      throw conflict('slot_full', `${window.start}–${window.end} 的配送名额已满，请选择其他时段`);
    throw err;
  }
  await settle(deps, holder, 'held');
  return offered;
}

/**
 * Delivery slots (配送时段) and pickup (自提): weekly templates per community or village, dates that differ
 * (holidays closed, market days with their own windows), all in Asia/Shanghai; booking a window is one guarded
 * upsert against its capacity, so it can never be overbooked however many checkouts race for it.
 */
export function createSlotService(deps: SlotsDeps) {
  return { ...booking(deps), ...templates(deps), ...exceptions(deps) };
}
export type SlotService = ReturnType<typeof createSlotService>;

/** What checkout and the buyer's pages use: the slots and pickup windows on offer, and seats booked and released. */
function booking(deps: SlotsDeps) {
  const { SlotCount, SlotBooking } = deps.models;
  return {
    async listSlots(community_id: string, query: { from?: string; days: number }): Promise<{ items: Slot[] }> {
      await deps.stationsOf(community_id); // 404 for an unknown community
      const dates = daysFrom(deps, query.from, query.days);
      const windows = await windowsByDate(deps, community_id, dates);
      const counts = await SlotCount.find({ community_id, date: { $in: dates } }).lean<SlotCountDoc[]>();
      const booked = new Map(counts.map((c) => [c._id, c.booked]));
      const at = clock(deps);
      return {
        items: dates.flatMap((date) =>
          (windows.get(date) ?? []).map((w) => slotOf(date, w, booked.get(countId(community_id, keyOf(date, w))) ?? 0, at)),
        ),
      };
    },

    book: (community_id: string, slot_key: string, holder: string) => book(deps, community_id, slot_key, holder),

    /** Gives the holder's seat back (cancelled or expired order). Idempotent: a second release does nothing. */
    async release(holder: string): Promise<boolean> {
      const b = await SlotBooking.findOneAndUpdate(
        { _id: holder, status: 'held' },
        { $set: { status: 'released', released_at: clock(deps) } },
        { new: true },
      ).lean<SlotBookingDoc>();
      if (!b) return false;
      await SlotCount.updateOne({ _id: countId(b.community_id, b.slot_key), booked: { $gt: 0 } }, { $inc: { booked: -1 } });
      return true;
    },

    /** The seat a holder has, if any. */
    bookingOf: (holder: string) => SlotBooking.findById(holder).lean<SlotBookingDoc>(),

    /** Stations of the community open on each day, with their hours. */
    async listPickupWindows(community_id: string, query: { from?: string; days: number }): Promise<{ items: PickupWindow[] }> {
      const stations = await deps.stationsOf(community_id);
      const items = daysFrom(deps, query.from, query.days).flatMap((date) =>
        stations.flatMap((s) =>
          s.opening_hours
            .filter((h) => h.weekday === weekdayOf(date))
            .map((h) => ({ station_id: s.id, name: s.name, address: s.address, date, open: h.open, close: h.close })),
        ),
      );
      return { items };
    },

    /** Checks a pickup choice at checkout: a station of this community, open that day, and the day not past. */
    async checkPickup(community_id: string, station_id: string, date: string): Promise<PickupWindow> {
      const station = (await deps.stationsOf(community_id)).find((s) => s.id === station_id);
      if (!station)
        throw badRequest('pickup_station_unknown', '该自提点不在本社区', [
          { path: 'body.pickup.station_id', message: '该自提点不在本社区', code: 'pickup_station_unknown' },
        ]);
      const hours = station.opening_hours.find((h) => h.weekday === weekdayOf(date));
      const closesAt = hours ? fromShanghai(date, hours.close) : null;
      if (!hours || !closesAt) throw conflict('pickup_closed', `${station.name}在 ${date} 不营业，请换一天或选择配送`);
      if (closesAt <= clock(deps)) throw conflict('pickup_closed', `${station.name}在 ${date} 已经关门，请换一天`);
      return { station_id: station.id, name: station.name, address: station.address, date, open: hours.open, close: hours.close };
    },
  };
}

/** Operators: the community's weekly windows. */
function templates(deps: SlotsDeps) {
  const { SlotTemplate: Template } = deps.models;
  return {
    async listTemplates(actor: UserActor, community_id: string): Promise<{ items: SlotTemplate[] }> {
      assertCommunityRole(actor, community_id, ['operator']);
      const rows = await Template.find({ community_id }).sort({ start: 1 }).lean<SlotTemplateDoc[]>();
      return { items: rows.map(toTemplate) };
    },

    async createTemplate(actor: UserActor, community_id: string, body: BodyOf<typeof routes.createSlotTemplate>): Promise<SlotTemplate> {
      assertCommunityRole(actor, community_id, ['operator']);
      await deps.stationsOf(community_id);
      const at = clock(deps);
      const doc: SlotTemplateDoc = {
        _id: newId('slt'),
        community_id,
        weekdays: [...new Set(body.weekdays)].sort(),
        start: body.start,
        end: body.end,
        capacity: body.capacity,
        cutoff_minutes: body.cutoff_minutes,
        active: true,
        created_at: at,
        updated_at: at,
      };
      await Template.create(doc);
      return toTemplate(doc);
    },

    async updateTemplate(actor: UserActor, template_id: string, patch: BodyOf<typeof routes.updateSlotTemplate>): Promise<SlotTemplate> {
      const current = await requireTemplateFor(deps, actor, template_id);
      const next = { ...current, ...patch };
      if (next.start >= next.end)
        throw badRequest('validation_failed', '结束时间须晚于开始时间', [
          { path: 'body.end', message: '结束时间须晚于开始时间', code: 'custom' },
        ]);
      const updated = await Template.findByIdAndUpdate(
        template_id,
        { $set: { ...patch, ...(patch.weekdays ? { weekdays: [...new Set(patch.weekdays)].sort() } : {}), updated_at: clock(deps) } },
        { new: true },
      ).lean<SlotTemplateDoc>();
      if (!updated) throw notFound('slot_template_not_found', '配送时段模板不存在');
      return toTemplate(updated);
    },

    /** Demo seed: a weekly window, created once (found again by community, start and end). */
    async seedTemplate(
      community_id: string,
      t: { weekdays: number[]; start: string; end: string; capacity: number; cutoff_minutes: number },
    ) {
      const at = clock(deps);
      await Template.updateOne(
        { community_id, start: t.start, end: t.end },
        { $setOnInsert: { _id: newId('slt'), community_id, ...t, active: true, created_at: at, updated_at: at } },
        { upsert: true },
      );
    },
  };
}

/** Operators: dates that differ from the weekly pattern (holidays closed, market days). */
function exceptions(deps: SlotsDeps) {
  const { SlotException: Exception } = deps.models;
  return {
    async listExceptions(actor: UserActor, community_id: string): Promise<{ items: SlotException[] }> {
      assertCommunityRole(actor, community_id, ['operator']);
      const rows = await Exception.find({ community_id, date: { $gte: shanghaiDate(clock(deps)) } })
        .sort({ date: 1 })
        .lean<SlotExceptionDoc[]>();
      return { items: rows.map(toException) };
    },

    async setException(
      actor: UserActor,
      community_id: string,
      date: string,
      body: BodyOf<typeof routes.setSlotException>,
    ): Promise<SlotException> {
      assertCommunityRole(actor, community_id, ['operator']);
      await deps.stationsOf(community_id);
      const doc = await Exception.findOneAndUpdate(
        { _id: `${community_id}|${date}` },
        {
          $set: {
            community_id,
            date,
            kind: body.kind,
            reason: body.reason,
            windows: body.kind === 'closed' ? [] : (body.windows ?? []),
            updated_at: clock(deps),
          },
        },
        { upsert: true, new: true },
      ).lean<SlotExceptionDoc>();
      return toException(doc as SlotExceptionDoc);
    },

    async deleteException(actor: UserActor, community_id: string, date: string): Promise<void> {
      assertCommunityRole(actor, community_id, ['operator']);
      const res = await Exception.deleteOne({ _id: `${community_id}|${date}` });
      if (res.deletedCount === 0) throw notFound('slot_exception_not_found', '这一天没有特殊安排');
    },
  };
}
