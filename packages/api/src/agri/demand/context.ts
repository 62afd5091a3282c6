import type { Connection } from 'mongoose';
import type { Logger } from 'pino';
import type { AgriPrices } from '../price/index';
import type { Agri } from '../index';
import type { DemandModels } from './models';

/** A product as the catalog's service shows it to agri/demand: its retail unit and where it came from. */
export interface ListedProduct {
  unit: string;
  agri_origin: { supply_post_id: string; variety: string; origin_price_fen: number; base_per_unit?: number } | null;
}

/**
 * Who publishes a community's demand and where it is delivered: the community's service station, posted under the
 * account of one of the community's operators (see docs/architecture.md, 社区需求).
 */
export interface DemandStation {
  poster_user_id: string;
  /** e.g. 益乐社区服务站 */
  poster_name: string;
  community_name: string;
  place: string;
  location: { lat: number; lng: number };
}

export interface DemandDeps {
  conn: Connection;
  logger: Logger;
  agri: Pick<Agri, 'getPost' | 'models' | 'emitChange' | 'armExpiry' | 'credit'>;
  prices: Pick<AgriPrices, 'observe'>;
  /** Catalog, through its service: the products of order lines (unknown ids absent). */
  products(ids: readonly string[]): Promise<Map<string, ListedProduct>>;
  /** Identity, through its service: the community's station and operator; null when it has no operator. */
  station(community_id: string): Promise<DemandStation | null>;
}

export interface DemandCtx {
  M: DemandModels;
  deps: DemandDeps;
}
