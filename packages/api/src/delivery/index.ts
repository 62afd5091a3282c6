import type { Connection } from 'mongoose';
import type { Commands } from '../platform/commands';
import type { JobRunner } from '../platform/jobs';
import { deliveryModels } from './models';
import { createSlotService, type SlotService, type SlotsDeps } from './slots';
import type { TaskConfig, TaskPorts } from './tasks/context';
import { createTasks } from './tasks/index';

/** The delivery module: slots and pickup, and the couriers' delivery tasks (tasks/). */
export function createDelivery(deps: {
  conn: Connection;
  jobs: JobRunner;
  commands: Commands;
  stationsOf: SlotsDeps['stationsOf'];
  /** The tasks' ports but the slots' own, added here. */
  taskPorts: Omit<TaskPorts, 'aftercare'> & { aftercare: Omit<TaskPorts['aftercare'], 'slotStartsAt'> };
  taskConfig: TaskConfig;
}) {
  const slots = createSlotService({ models: deliveryModels(deps.conn), stationsOf: deps.stationsOf });
  const ports: TaskPorts = {
    ...deps.taskPorts,
    aftercare: { ...deps.taskPorts.aftercare, slotStartsAt: (community_id, slot_key) => slotStartsAt(slots, community_id, slot_key) },
  };
  const tasks = createTasks({ conn: deps.conn, jobs: deps.jobs, commands: deps.commands, ports, config: deps.taskConfig });
  return { slots, tasks };
}
export type Delivery = ReturnType<typeof createDelivery>;

/** A slot of the community on its date (re-delivery books a new slot), null when there is none. */
async function slotStartsAt(slots: SlotService, community_id: string, slot_key: string): Promise<Date | null> {
  const date = slot_key.slice(0, 10);
  const { items } = await slots.listSlots(community_id, { from: date, days: 1 });
  const slot = items.find((s) => s.slot_key === slot_key);
  return slot ? new Date(slot.starts_at) : null;
}
