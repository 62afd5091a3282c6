import type { PublishInboxEvent } from '@cc/shared';
import type { Commands } from '../../platform/commands';
import type { DelayedJobs } from '../../platform/jobs';
import type { WalletPort } from '../../wallet/port';
import type { DeliveryTaskDoc, LatLngDoc, TaskModels } from './models';

export interface Place {
  label: string;
  address: string;
  location: LatLngDoc;
  station_id: string | null;
}

/** What delivery tasks need from other modules, handed over by modules.ts as plain functions (DESIGN §2). */
export interface TaskPorts {
  /** The seller: the merchant's owner and where goods are picked up (catalog + identity). */
  merchantPlace(merchant_id: string): Promise<Place & { owner_user_id: string }>;
  /** Where a community's deliveries go: its village station for a village, else the community itself (identity). */
  dropPlace(community_id: string, address: string): Promise<Place>;
  /** A station of the community (404-free: null when unknown). */
  station(community_id: string, station_id: string): Promise<Place | null>;
  /** The community's own location (404 community_not_found for an unknown one). */
  communityPlace(community_id: string): Promise<Place>;
  /** The orders module's service: pickup dispatches the order, delivery delivers it (idempotent). */
  orders: { courierStep(order_id: string, action: 'dispatch' | 'deliver', courier_id: string): Promise<unknown> };
  wallet: Pick<WalletPort, 'settle' | 'courierAccountOf' | 'deliveryFeeAccountId' | 'transferByKey'>;
  publish(user_ids: string[], event: { type: string; [key: string]: unknown }): Promise<void>;
  /** The inbox (issue 15 item 6): the resident is told of the steps of their delivery (transition.ts). */
  publishInbox?: PublishInboxEvent;
  /** Photos of proof: each must be an upload of this person (uploads' service; 400 upload_unknown naming the field). */
  photosOf(upload_ids: string[], uploader_id: string, field: string): Promise<{ id: string; url: string }[]>;
  /** The station a kiosk stands in, or null (identity's kiosk context). */
  kioskStation(kiosk_id: string, community_id: string): Promise<string | null>;
  /** What the kiosk shows of an order: its readable number, the seller and the lines (orders' service). */
  orderSummary(order_id: string): Promise<{ number: string; seller: string; items: { name: string; quantity: number; unit: string }[] }>;
  /** What re-delivery, ratings and welfare checks need (aftercare.ts, ratings.ts, welfare.ts). */
  aftercare: AftercarePorts;
}

/** Ports of the aftercare of a delivery, handed over by delivery/adapters.ts and delivery/index.ts. */
export interface AftercarePorts {
  /** Slots (this module's own service): when the community's slot starts; null when there is no such slot. */
  slotStartsAt(community_id: string, slot_key: string): Promise<Date | null>;
  /** Identity: the person's home community (404 user_not_found). */
  residentOf(user_id: string): Promise<{ community_id: string | null }>;
  /** The calls service: opens the eldercare call of a welfare check, keyed (the same key answers the same call). */
  openWelfareCall(
    community_id: string,
    resident_id: string,
    input: { description: string; address: string; location: LatLngDoc },
    key: string,
  ): Promise<{ id: string; number: string }>;
  /** The real-time channel: an event to the community's operators (those connected are the ones on duty). */
  alertOperators(community_id: string, event: { type: string; [key: string]: unknown }): Promise<void>;
}

export interface TaskConfig {
  /** Concurrent tasks one courier may hold (DELIVERY_MAX_TASKS_PER_COURIER). */
  maxTasksPerCourier: number;
  /** Unclaimed tasks are dispatched this long before their slot starts (DELIVERY_DISPATCH_LEAD_MINUTES). */
  dispatchLeadMs: number;
  /** Fee rule of a community that has none set. */
  defaultFee: { base_fee_fen: number; per_km_fen: number };
}

export interface TaskCtx {
  models: TaskModels;
  ports: TaskPorts;
  commands: Commands;
  config: TaskConfig;
  dispatchJob: DelayedJobs<{ task_id: string }>;
  /** The fee's safety net: runs the fee command of a delivered task (a replay if it ran). */
  feeJob: DelayedJobs<{ task_id: string }>;
  /** The fee command of a delivered task (earnings.ts), bound once it exists. */
  payFee(task_id: string): Promise<void>;
  /** Called after every applied step (tracking forgets the position of a courier who let go of the last task). */
  afterStep?(before: DeliveryTaskDoc, after: DeliveryTaskDoc): Promise<void>;
}
