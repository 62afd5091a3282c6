import type { BodyOf, CourierDuty, routes } from '@cc/shared';
import { assertCommunityRole, type UserActor } from '../../platform/actor';
import { badRequest, conflict } from '../../platform/problem';
import type { TaskCtx } from './context';
import type { CourierDutyDoc } from './models';

/** Tasks a courier holds (claimed, not yet delivered or failed): what the duty counter must equal. */
export const HELD: string[] = ['claimed', 'picked_up'];

export function toDuty(C: TaskCtx, courier_id: string, d: CourierDutyDoc | null): CourierDuty {
  return {
    courier_id,
    on_duty: d?.on_duty ?? false,
    community_id: d?.community_id ?? null,
    station_id: d?.station_id ?? null,
    active_tasks: d?.active_tasks ?? 0,
    max_tasks: C.config.maxTasksPerCourier,
  };
}

export async function getDuty(C: TaskCtx, courier_id: string): Promise<CourierDuty> {
  return toDuty(C, courier_id, await C.models.Duty.findById(courier_id).lean<CourierDutyDoc>());
}

/**
 * On or off duty, with the home community (where the courier holds the role) and station. Going on duty also recounts
 * the courier's held tasks into the counter, healing a unit a crash between a claim's two updates may have left.
 */
export async function setDuty(C: TaskCtx, actor: UserActor, body: BodyOf<typeof routes.setMyDuty>): Promise<CourierDuty> {
  const current = await C.models.Duty.findById(actor.user_id).lean<CourierDutyDoc>();
  const community_id = body.community_id ?? current?.community_id ?? null;
  if (body.on_duty && !community_id)
    throw badRequest('community_required', '上岗前请选择所属社区', [
      { path: 'body.community_id', message: '请选择所属社区', code: 'required' },
    ]);
  // Going off duty needs no role (one revoked meanwhile must not keep a courier on duty); going on or moving does.
  if (community_id && (body.on_duty || body.community_id)) assertCommunityRole(actor, community_id, ['courier']);
  const station_id = body.station_id ?? (body.community_id ? null : (current?.station_id ?? null));
  const home = community_id ? await homeOf(C, community_id, station_id) : null;
  const held = await C.models.Task.countDocuments({ courier_id: actor.user_id, status: { $in: HELD } });
  const doc = await C.models.Duty.findOneAndUpdate(
    { _id: actor.user_id },
    {
      $set: {
        on_duty: body.on_duty,
        community_id,
        station_id,
        home,
        updated_at: new Date(),
        ...(body.on_duty ? { active_tasks: held } : {}),
      },
    },
    { upsert: true, new: true, setDefaultsOnInsert: true },
  ).lean<CourierDutyDoc>();
  return toDuty(C, actor.user_id, doc);
}

async function homeOf(C: TaskCtx, community_id: string, station_id: string | null) {
  if (!station_id) return (await C.ports.communityPlace(community_id)).location;
  const station = await C.ports.station(community_id, station_id);
  if (!station)
    throw badRequest('station_unknown', '该站点不在本社区', [
      { path: 'body.station_id', message: '该站点不在本社区', code: 'station_unknown' },
    ]);
  return station.location;
}

/** The courier's duty, which must be on (409 courier_off_duty). */
export async function requireOnDuty(C: TaskCtx, courier_id: string): Promise<CourierDutyDoc> {
  const d = await C.models.Duty.findById(courier_id).lean<CourierDutyDoc>();
  if (!d?.on_duty) throw conflict('courier_off_duty', '您尚未上岗，请先上岗再接单');
  return d;
}

/**
 * Takes one unit of the courier's capacity: a single guarded $inc whose filter holds "on duty and below the
 * maximum", so however many claims race, the counter never passes the maximum. 409 off duty / at capacity.
 */
export async function takeUnit(C: TaskCtx, courier_id: string): Promise<void> {
  const taken = await C.models.Duty.findOneAndUpdate(
    { _id: courier_id, on_duty: true, active_tasks: { $lt: C.config.maxTasksPerCourier } },
    { $inc: { active_tasks: 1 } },
    { new: true },
  ).lean<CourierDutyDoc>();
  if (taken) return;
  await requireOnDuty(C, courier_id);
  throw conflict('courier_at_capacity', `您手上已有 ${C.config.maxTasksPerCourier} 个任务，送完再接`);
}

/** Gives a unit back (a task released, delivered or failed; a claim that lost its race). */
export async function giveUnit(C: TaskCtx, courier_id: string): Promise<void> {
  await C.models.Duty.updateOne({ _id: courier_id, active_tasks: { $gt: 0 } }, { $inc: { active_tasks: -1 } });
}
