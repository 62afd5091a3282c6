import type { ComponentType } from 'react';
import { routes, type RouteOutput, type Service } from '@cc/shared';
import { call } from './api';
import type { SoftTileTone } from './ui';
import {
  ApplianceIcon,
  BathIcon,
  BroomIcon,
  LockIcon,
  MealIcon,
  MedicalIcon,
  MoreIcon,
  ServiceBellIcon,
  WaterElectricIcon,
} from './components/Icons';
import { cacheContext, cachedContext } from './terminal';

export type KioskCallCreated = RouteOutput<typeof routes.kioskCreateCall>;

type Picture = ComponentType<{ size?: number }>;

/** Pictures of the default catalogue's services, by service code. */
const BY_CODE: Record<string, Picture> = {
  water_electric: WaterElectricIcon,
  housekeeping: BroomIcon,
  elder_meal: MealIcon,
  elder_bath: BathIcon,
  elder_escort: MedicalIcon,
  locksmith: LockIcon,
  appliance: ApplianceIcon,
  other: MoreIcon,
};

/** Services a community added itself: a picture by words in the name, else the service bell. */
const BY_NAME: [RegExp, Picture][] = [
  [/家电|空调|冰箱|洗衣|电视|热水器/, ApplianceIcon],
  [/水|电|管道|维修|修理/, WaterElectricIcon],
  [/保洁|家政|打扫|清洁|清洗/, BroomIcon],
  [/餐|饭|送菜/, MealIcon],
  [/浴|洗澡/, BathIcon],
  [/诊|医|药|护理|康复/, MedicalIcon],
  [/锁|钥匙/, LockIcon],
  [/其他|其它/, MoreIcon],
];

export function pictureOf(service: Pick<Service, 'service_code' | 'service_name'>): Picture {
  return BY_CODE[service.service_code] ?? BY_NAME.find(([re]) => re.test(service.service_name))?.[1] ?? ServiceBellIcon;
}

/** A light background per group, so groups are told apart at a glance (the name is always written too). */
export function toneOf(group: string): SoftTileTone {
  if (/维修/.test(group)) return 'repair';
  if (/家政/.test(group)) return 'home';
  if (/助老|老人|长者/.test(group)) return 'elder';
  return 'plain';
}

/** The community's catalogue (public route), for the community this terminal stands in. */
export async function loadCatalogue(): Promise<Service[]> {
  let community_id = cachedContext()?.community.id;
  if (!community_id) {
    const ctx = await call(routes.kioskContext, {});
    cacheContext(ctx);
    community_id = ctx.community.id;
  }
  return (await call(routes.listServices, { params: { community_id } })).items;
}

/**
 * A fresh Idempotency-Key for one press (a retry of the same press reuses it). getRandomValues works on a
 * terminal served over plain http on the local network, where crypto.randomUUID does not exist.
 */
export function newPressKey(): string {
  const bytes = crypto.getRandomValues(new Uint8Array(16));
  return `kiosk-${Array.from(bytes, (b) => b.toString(16).padStart(2, '0')).join('')}`;
}
