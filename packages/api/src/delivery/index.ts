import type { Redis } from 'ioredis';
import type { Connection } from 'mongoose';
import type { Commands } from '../platform/commands';
import type { JobRunner } from '../platform/jobs';
import type { RealtimeBus } from '../platform/realtime';
import { deliveryModels } from './models';
import { createSlotService, type SlotsDeps } from './slots';
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
  taskPorts: TaskPorts;
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
  const tasks = createTasks({
    conn: deps.conn,
    jobs: deps.jobs,
    commands: deps.commands,
    ports: deps.taskPorts,
    config: deps.taskConfig,
    afterStep: tracking.afterStep,
  });
  return { slots, tasks, tracking };
}
export type Delivery = ReturnType<typeof createDelivery>;
