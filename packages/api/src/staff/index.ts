import type { Redis } from 'ioredis';
import type { Connection } from 'mongoose';
import { staffModels } from './models';
import { createStaffService, type StaffDeps } from './service';

/** The staff module (找工作人员, issue 15 item 4): kiosk presses that call the station's staff, and their arrival. */
export function createStaff(deps: { conn: Connection; redis: Redis } & Omit<StaffDeps, 'models' | 'redis'>) {
  const { conn, ...rest } = deps;
  return { service: createStaffService({ ...rest, models: staffModels(conn) }) };
}
export type Staff = ReturnType<typeof createStaff>;
