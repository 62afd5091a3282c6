import { PHOTO_PROOF_REASON_WORDS, type BodyOf, type DeliveryTaskAction, type ProvenTask, type routes } from '@cc/shared';
import type { UserActor } from '../../platform/actor';
import { AppError, conflict } from '../../platform/problem';
import { heldTask } from './claim';
import type { TaskCtx } from './context';
import { giveUnit } from './duty';
import type { DeliveryTaskDoc, LatLngDoc } from './models';
import { isLocked, toTask } from './present';
import { applyStep, assertFrom, loadTask, type TaskWho } from './transition';

/** How long after the courier's last step the fee job checks that the fee command ran (as steps.ts does). */
const FEE_SAFETY_NET_MS = 30_000;

export function toProven(t: DeliveryTaskDoc, viewer_id: string | null): ProvenTask {
  const drop = t.station_drop;
  return {
    ...toTask(t, viewer_id),
    proof: t.proof ? ({ ...t.proof, at: t.proof.at.toISOString() } as ProvenTask['proof']) : null,
    station_drop: drop ? { ...drop, at: drop.at.toISOString() } : null,
  };
}

/** The one photo of proof, which must be this courier's own upload (400 upload_unknown otherwise, nothing written). */
export async function photoOf(C: TaskCtx, courier_id: string, upload_id: string) {
  const [photo] = await C.ports.photosOf([upload_id], courier_id, 'body.photo_upload_id');
  return photo as { id: string; url: string };
}

/**
 * The courier's last step on a task (photo delivery, station drop): the fee job scheduled before the task moves (so a
 * crash after the step still pays, once), the step with its proof, the courier's unit back, then the fee.
 */
async function finishStep(
  C: TaskCtx,
  t: DeliveryTaskDoc,
  action: DeliveryTaskAction,
  courier_id: string,
  opts: { position: LatLngDoc | null; reason?: string; set: Record<string, unknown> },
): Promise<DeliveryTaskDoc> {
  await C.feeJob.schedule(`fee-${t._id}`, { task_id: t._id }, new Date(Date.now() + FEE_SAFETY_NET_MS));
  const who: TaskWho = { role: 'courier', user_id: courier_id };
  await applyStep(C, t, action, who, { ...opts, guard: { courier_id } });
  await giveUnit(C, courier_id);
  await C.payFee(t._id);
  return loadTask(C, t._id);
}

/**
 * 拍照送达 at a resident's door instead of the code — only for a reason a station would accept (PHOTO_PROOF_REASONS:
 * the buyer asked to leave it, or took it in person without the code) and with a note; never for a parcel whose drop
 * is a station (that is dropAtStation), never while the delivery code is locked by wrong tries (an operator unlocks
 * it: a photo must not bypass the lock). The photo must be this courier's upload.
 */
export async function deliverByPhoto(
  C: TaskCtx,
  actor: UserActor,
  task_id: string,
  body: BodyOf<typeof routes.deliverDeliveryTaskByPhoto>,
): Promise<ProvenTask> {
  const t = await heldTask(C, actor, task_id, 'deliver');
  assertFrom(t, 'deliver');
  if (t.drop.station_id) throw conflict('photo_proof_not_allowed', '这是送到服务站的包裹，请用「放到服务站」');
  if (isLocked(t, 'delivery')) throw new AppError(423, 'delivery_code_locked', '收件码输错次数过多，已锁定，请联系服务站解锁');
  const photo = await photoOf(C, actor.user_id, body.photo_upload_id);
  await C.ports.orders.courierStep(t.order_id, 'deliver', actor.user_id);
  const at = new Date();
  const proof = { kind: 'photo', at, upload_id: photo.id, photo_url: photo.url, reason: body.reason, note: body.note };
  const done = await finishStep(C, t, 'deliver', actor.user_id, {
    position: body.position ?? null,
    reason: `拍照送达：${PHOTO_PROOF_REASON_WORDS[body.reason]}。${body.note}`,
    set: { proof },
  });
  return toProven(done, actor.user_id);
}

/**
 * 放到服务站: a parcel whose drop is a station is left there with a photo; the order stays out for delivery until the
 * buyer collects it at the station's kiosk (kiosk.ts). The courier's unit comes back and the fee is paid here.
 */
export async function dropTaskAtStation(
  C: TaskCtx,
  courier_id: string,
  t: DeliveryTaskDoc,
  photo: { id: string; url: string },
  position: LatLngDoc | null,
): Promise<DeliveryTaskDoc> {
  if (!t.drop.station_id) throw conflict('not_a_station_drop', '这个包裹要送到收件人家里，不能放到服务站');
  assertFrom(t, 'drop_at_station');
  const station_drop = { at: new Date(), courier_id, upload_id: photo.id, photo_url: photo.url };
  return finishStep(C, t, 'drop_at_station', courier_id, { position, set: { station_drop } });
}

export async function dropAtStation(
  C: TaskCtx,
  actor: UserActor,
  task_id: string,
  body: BodyOf<typeof routes.dropDeliveryTaskAtStation>,
): Promise<ProvenTask> {
  const t = await heldTask(C, actor, task_id, 'drop_at_station');
  if (!t.drop.station_id) throw conflict('not_a_station_drop', '这个包裹要送到收件人家里，不能放到服务站');
  assertFrom(t, 'drop_at_station');
  const photo = await photoOf(C, actor.user_id, body.photo_upload_id);
  return toProven(await dropTaskAtStation(C, actor.user_id, t, photo, body.position ?? null), actor.user_id);
}
