import type { WelfareResident } from '@cc/shared';
import { Schema, type Connection } from 'mongoose';
import { assertCommunityRole, type UserActor } from '../../platform/actor';
import { modelOn } from '../../platform/db';
import { conflict, notFound } from '../../platform/problem';
import type { TaskCtx } from './context';
import { heldTask } from './claim';
import type { DeliveryTaskDoc, LatLngDoc } from './models';
import { toTask } from './present';
import { applyStep, assertFrom, loadTask, type TaskWho } from './transition';

/**
 * 关怀探访. The register of people living alone is the delivery module's: it is read at the door by the courier's
 * 无人应答 and nowhere else yet, and it needs nothing of identity's family records (a person living alone has none
 * nearby). One document per community and person (_id = `community:user`), so registering twice is one entry.
 */
export interface WelfareResidentDoc {
  _id: string;
  community_id: string;
  user_id: string;
  note: string | null;
  registered_by: string;
  registered_at: Date;
}

const welfareSchema = new Schema<WelfareResidentDoc>(
  {
    _id: String,
    community_id: { type: String, required: true },
    user_id: { type: String, required: true },
    note: { type: String, default: null },
    registered_by: { type: String, required: true },
    registered_at: { type: Date, required: true },
  },
  { versionKey: false },
);
welfareSchema.index({ community_id: 1, registered_at: 1 });

export const welfareModel = (conn: Connection) => modelOn(conn, 'DeliveryWelfareResident', welfareSchema, 'delivery_welfare_residents');
type WelfareModel = ReturnType<typeof welfareModel>;

const idOf = (community_id: string, user_id: string) => `${community_id}:${user_id}`;
const toResident = (d: WelfareResidentDoc): WelfareResident => ({
  community_id: d.community_id,
  user_id: d.user_id,
  note: d.note,
  registered_by: d.registered_by,
  registered_at: d.registered_at.toISOString(),
});

export function createWelfare(C: TaskCtx, Welfare: WelfareModel) {
  return {
    async list(actor: UserActor, community_id: string): Promise<{ items: WelfareResident[] }> {
      assertCommunityRole(actor, community_id, ['operator']);
      const rows = await Welfare.find({ community_id }).sort({ registered_at: 1 }).limit(1000).lean<WelfareResidentDoc[]>();
      return { items: rows.map(toResident) };
    },

    /** An operator registers a resident of the community (409 not_a_resident for anyone living elsewhere). */
    async register(actor: UserActor, community_id: string, user_id: string, body: { note?: string | undefined }) {
      assertCommunityRole(actor, community_id, ['operator']);
      const person = await C.ports.aftercare.residentOf(user_id);
      if (person.community_id !== community_id) throw conflict('not_a_resident', '此人不是本社区居民');
      const doc = await Welfare.findOneAndUpdate(
        { _id: idOf(community_id, user_id) },
        {
          $set: { note: body.note ?? null },
          $setOnInsert: { community_id, user_id, registered_by: actor.user_id, registered_at: new Date() },
        },
        { upsert: true, new: true },
      ).lean<WelfareResidentDoc>();
      return toResident(doc as WelfareResidentDoc);
    },

    async remove(actor: UserActor, community_id: string, user_id: string): Promise<void> {
      assertCommunityRole(actor, community_id, ['operator']);
      const { deletedCount } = await Welfare.deleteOne({ _id: idOf(community_id, user_id) });
      if (deletedCount === 0) throw notFound('welfare_resident_not_found', '此人不在独居老人名单上');
    },

    noAnswer: (actor: UserActor, task_id: string, body: { note: string; position: LatLngDoc }) =>
      noAnswer(C, Welfare, actor, task_id, body),
  };
}

/**
 * 无人应答 at the door. Recorded as a step (with note and position) that leaves the task picked_up: the courier still
 * holds the parcel and decides what comes next — knock again, wait, deliver when someone answers, or 配送失败. For a
 * person registered as living alone the first press also opens one eldercare call (see welfareCall); any further
 * press records the attempt and answers the same call.
 */
async function noAnswer(C: TaskCtx, Welfare: WelfareModel, actor: UserActor, task_id: string, body: { note: string; position: LatLngDoc }) {
  const t = await heldTask(C, actor, task_id, 'no_answer');
  assertFrom(t, 'no_answer');
  const who: TaskWho = { role: 'courier', user_id: actor.user_id };
  const updated = await applyStep(C, t, 'no_answer', who, {
    reason: body.note,
    position: body.position,
    guard: { courier_id: actor.user_id },
  });
  const registered = await Welfare.exists({ _id: idOf(t.community_id, t.buyer_id) });
  if (!registered) return { task: toTask(updated, actor.user_id), welfare_call: null };
  const call = await welfareCall(C, updated, actor.user_id, body);
  return { task: toTask(await loadTask(C, task_id), actor.user_id), welfare_call: call };
}

/**
 * The welfare call of a task, once: the first check is stored on the task (`welfare_check: null` in the filter), and
 * the call is opened from that stored record under the task's key — so two presses, even at once, send the calls
 * service the same request and get the same call back (its idempotency). The on-duty operators are alerted when the
 * call is first recorded on the task (a retry after a crash in between alerts again, which is harmless).
 */
async function welfareCall(C: TaskCtx, t: DeliveryTaskDoc, courier_id: string, body: { note: string; position: LatLngDoc }) {
  const check = { at: new Date(), note: body.note, position: body.position, courier_id, call_id: null };
  await C.models.Task.updateOne({ _id: t._id, welfare_check: null }, { $set: { welfare_check: check } });
  const first = (await loadTask(C, t._id)).welfare_check as NonNullable<DeliveryTaskDoc['welfare_check']>;
  const time = first.at.toLocaleString('zh-CN', { timeZone: 'Asia/Shanghai', hour12: false });
  const address = `${t.drop.label} ${t.drop.address}`.trim().slice(0, 120);
  const description = `配送员上门无人应答（敲门、电话均未应），请上门或电话确认老人平安。时间：${time}；配送员说明：${first.note}`;
  const call = await C.ports.aftercare.openWelfareCall(
    t.community_id,
    t.buyer_id,
    { description, address, location: first.position },
    t._id,
  );
  const recorded = await C.models.Task.updateOne(
    { _id: t._id, 'welfare_check.call_id': null },
    { $set: { 'welfare_check.call_id': call.id, 'welfare_check.call_number': call.number } },
  );
  if (recorded.modifiedCount === 1)
    await C.ports.aftercare.alertOperators(t.community_id, {
      type: 'delivery.welfare_check',
      call_id: call.id,
      call_number: call.number,
      task_id: t._id,
      community_id: t.community_id,
      address,
      note: first.note,
      at: first.at.toISOString(),
      message: `关怀探访：${address} 无人应答`,
    });
  return call;
}
