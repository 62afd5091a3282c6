import type { Connection } from 'mongoose';
import type { Commands } from '../platform/commands';
import type { JobRunner } from '../platform/jobs';
import { deliveryModels } from './models';
import { createSlotService, type SlotsDeps } from './slots';
import type { TaskConfig, TaskPorts } from './tasks/context';
import { createTasks } from './tasks/index';

/** The delivery module: slots and pickup, and the couriers' delivery tasks (tasks/). */
export function createDelivery(deps: {
  conn: Connection;
  jobs: JobRunner;
  commands: Commands;
  stationsOf: SlotsDeps['stationsOf'];
  taskPorts: TaskPorts;
  taskConfig: TaskConfig;
}) {
  const slots = createSlotService({ models: deliveryModels(deps.conn), stationsOf: deps.stationsOf });
  const tasks = createTasks({ conn: deps.conn, jobs: deps.jobs, commands: deps.commands, ports: deps.taskPorts, config: deps.taskConfig });
  return { slots, tasks };
}
export type Delivery = ReturnType<typeof createDelivery>;
