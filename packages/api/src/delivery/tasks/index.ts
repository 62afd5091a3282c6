import type { Connection } from 'mongoose';
import type { CardActor, UserActor } from '../../platform/actor';
import type { Commands } from '../../platform/commands';
import type { JobRunner } from '../../platform/jobs';
import { claim, listMine, listOpen, release } from './claim';
import { myEarnings } from './income';
import type { TaskConfig, TaskCtx, TaskPorts } from './context';
import { taskFromOrder, type ReadyOrder } from './create';
import { dispatchDue } from './dispatch';
import { getDuty, setDuty } from './duty';
import { reassign } from './reassign';
import { createEarnings } from './earnings';
import { taskModels } from './models';
import { getFeeRule, getOrderDelivery, getTask, listCommunityTasks, setFeeRule } from './queries';
import { deliver, fail, pickUp, unlockCode } from './steps';
import { redeliver, returnToStation } from './aftercare';
import { listCouriers, rateCourier } from './ratings';
import { createWelfare, welfareModel } from './welfare';
import { collectParcel, kioskParcels } from './kiosk';
import { deliverByPhoto, dropAtStation } from './proof';
import { claimTrip, dropTrip, listOpenTrips } from './trips';
import { sellerTakesOver } from './seller-handover';
import { withdrawRefunded } from './refund-withdraw';

/**
 * Delivery tasks (配送任务): an order ready for slot delivery becomes a task (create.ts); couriers on duty claim it
 * exactly once (claim.ts, duty.ts), pick it up and deliver it with the parties' codes (steps.ts, codes.ts) along
 * DELIVERY_TASK_TRANSITIONS (transition.ts), and are paid on the money kernel (earnings.ts); tasks nobody claimed are
 * dispatched by a deadline job (dispatch.ts).
 */
export function createTasks(deps: {
  conn: Connection;
  jobs: JobRunner;
  commands: Commands;
  ports: TaskPorts;
  config: TaskConfig;
  afterStep?: TaskCtx['afterStep'];
}) {
  const models = taskModels(deps.conn);
  const earnings = createEarnings({ models, ports: deps.ports, commands: deps.commands });
  // Handlers are bound late: workers may start before C exists, but run jobs only after.
  const dispatchJob = deps.jobs.delayed<{ task_id: string }>('delivery-dispatch', (d) => dispatchDue(C, d.task_id));
  const feeJob = deps.jobs.delayed<{ task_id: string }>('delivery-fee', (d) => earnings.pay(d.task_id));
  const C: TaskCtx = {
    models,
    ports: deps.ports,
    commands: deps.commands,
    config: deps.config,
    dispatchJob,
    feeJob,
    payFee: earnings.pay,
    afterStep: deps.afterStep,
  };
  return {
    models,
    /** The orders module's onReadyForDelivery port. */
    fromOrder: (o: ReadyOrder) => taskFromOrder(C, o).then(() => undefined),
    getDuty: (actor: UserActor) => getDuty(C, actor.user_id),
    setDuty: (actor: UserActor, body: Parameters<typeof setDuty>[2]) => setDuty(C, actor, body),
    listOpen: (actor: UserActor, q: Parameters<typeof listOpen>[2]) => listOpen(C, actor, q),
    listMine: (actor: UserActor) => listMine(C, actor),
    /** For the orders module: the seller delivers the order themselves (seller-handover.ts). */
    sellerTakesOver: (order_id: string, seller_id: string) => sellerTakesOver(C, order_id, seller_id),
    /** For the orders module: the order was refunded before its goods left the seller (refund-withdraw.ts). */
    withdrawRefunded: (order_id: string) => withdrawRefunded(C, order_id),
    earnings: (actor: UserActor, q: { days: number }) => myEarnings(C, actor, q),
    get: (actor: UserActor, task_id: string) => getTask(C, actor, task_id),
    ofOrder: (actor: UserActor, order_id: string) => getOrderDelivery(C, actor, order_id),
    claim: (actor: UserActor, task_id: string) => claim(C, actor, task_id),
    release: (actor: UserActor, task_id: string, reason: string, position?: { lat: number; lng: number }) =>
      release(C, actor, task_id, reason, position ?? null),
    pickUp: (actor: UserActor, task_id: string, body: Parameters<typeof pickUp>[3]) => pickUp(C, actor, task_id, body),
    deliver: (actor: UserActor, task_id: string, body: Parameters<typeof deliver>[3]) => deliver(C, actor, task_id, body),
    fail: (actor: UserActor, task_id: string, reason: string, position?: { lat: number; lng: number }) =>
      fail(C, actor, task_id, reason, position ?? null),
    reassign: (actor: UserActor, task_id: string, body: { courier_id: string; reason: string }) => reassign(C, actor, task_id, body),
    unlockCode: (actor: UserActor, task_id: string, kind: 'pickup' | 'delivery') => unlockCode(C, actor, task_id, kind),
    board: (actor: UserActor, community_id: string, q: Parameters<typeof listCommunityTasks>[3]) =>
      listCommunityTasks(C, actor, community_id, q),
    getFeeRule: (actor: UserActor, community_id: string) => getFeeRule(C, actor, community_id),
    setFeeRule: (actor: UserActor, community_id: string, body: Parameters<typeof setFeeRule>[3]) =>
      setFeeRule(C, actor, community_id, body),
    // After a delivery (aftercare.ts, ratings.ts, welfare.ts).
    redeliver: (actor: UserActor, task_id: string, body: Parameters<typeof redeliver>[3]) => redeliver(C, actor, task_id, body),
    returnToStation: (actor: UserActor, task_id: string, body: Parameters<typeof returnToStation>[3]) =>
      returnToStation(C, actor, task_id, body),
    rateCourier: (actor: UserActor, task_id: string, body: Parameters<typeof rateCourier>[3]) => rateCourier(C, actor, task_id, body),
    listCouriers: (actor: UserActor, community_id: string) => listCouriers(C, actor, community_id),
    welfare: createWelfare(C, welfareModel(deps.conn)),
    deliverByPhoto: (actor: UserActor, task_id: string, body: Parameters<typeof deliverByPhoto>[3]) =>
      deliverByPhoto(C, actor, task_id, body),
    dropAtStation: (actor: UserActor, task_id: string, body: Parameters<typeof dropAtStation>[3]) => dropAtStation(C, actor, task_id, body),
    listOpenTrips: (actor: UserActor) => listOpenTrips(C, actor),
    claimTrip: (actor: UserActor, trip_id: string) => claimTrip(C, actor, trip_id),
    dropTrip: (actor: UserActor, trip_id: string, body: Parameters<typeof dropTrip>[3]) => dropTrip(C, actor, trip_id, body),
    kioskParcels: (card: CardActor) => kioskParcels(C, card),
    collectParcel: (card: CardActor, task_id: string) => collectParcel(C, card, task_id),
    /** The deadline job's work, for tests that drive it directly. */
    dispatchDue: (task_id: string) => dispatchDue(C, task_id),
    payFee: earnings.pay,
  };
}
export type Tasks = ReturnType<typeof createTasks>;
