import type { Redis } from 'ioredis';
import type { Connection } from 'mongoose';
import type { Commands } from '../platform/commands';
import type { JobRunner } from '../platform/jobs';
import type { RealtimeBus } from '../platform/realtime';
import { deliveryModels } from './models';
import { createSlotService, type SlotService, type SlotsDeps } from './slots';
import type { TaskConfig, TaskPorts } from './tasks/context';
import { createTasks } from './tasks/index';
import { taskModels } from './tasks/models';
import { createTracking, type TrackingConfig } from './tasks/tracking';

/** The delivery module: slots and pickup, the couriers' delivery tasks (tasks/), and tracking their positions. */
export function createDelivery(deps: {
  conn: Connection;
  jobs: JobRunner;
  commands: Commands;
  stationsOf: SlotsDeps['stationsOf'];
  /** The tasks' ports but the slots' own, added here. */
  taskPorts: Omit<TaskPorts, 'aftercare'> & { aftercare: Omit<TaskPorts['aftercare'], 'slotStartsAt'> };
  taskConfig: TaskConfig;
  redis: Redis;
  tracking: { publish: RealtimeBus['publish']; config: TrackingConfig };
}) {
  const slots = createSlotService({ models: deliveryModels(deps.conn), stationsOf: deps.stationsOf });
  // The same models the tasks use (modelOn keeps one per connection); tasks call tracking after each step.
  const tracking = createTracking({
    models: taskModels(deps.conn),
    redis: deps.redis,
    publish: deps.tracking.publish,
    config: deps.tracking.config,
  });
  const ports: TaskPorts = {
    ...deps.taskPorts,
    aftercare: { ...deps.taskPorts.aftercare, slotStartsAt: (community_id, slot_key) => slotStartsAt(slots, community_id, slot_key) },
  };
  const tasks = createTasks({
    conn: deps.conn,
    jobs: deps.jobs,
    commands: deps.commands,
    ports,
    config: deps.taskConfig,
    afterStep: tracking.afterStep,
  });
  return { slots, tasks, tracking };
}
export type Delivery = ReturnType<typeof createDelivery>;

/** A slot of the community on its date (re-delivery books a new slot), null when there is none. */
async function slotStartsAt(slots: SlotService, community_id: string, slot_key: string): Promise<Date | null> {
  const date = slot_key.slice(0, 10);
  const { items } = await slots.listSlots(community_id, { from: date, days: 1 });
  const slot = items.find((s) => s.slot_key === slot_key);
  return slot ? new Date(slot.starts_at) : null;
}
