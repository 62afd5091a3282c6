import type { AgriPostKind, AgriPostStatus, PublishInboxEvent } from '@cc/shared';
import type { Connection } from 'mongoose';
import type { Logger } from 'pino';
import type { DelayedJobs, JobRunner } from '../platform/jobs';
import type { Credit } from './credit';
import type { AgriModels, AgriPostDoc } from './models';

/** Who a poster is, as the catalog's merchant verification says (reached through catalog's service, modules.ts). */
export interface PosterProfile {
  /** Owns a merchant record an operator verified (real name checked at the station). */
  verified: boolean;
  /** The verified (else first) merchant's name and kind; null when the person has no merchant record. */
  name: string | null;
  kind: 'farmer' | 'coop' | 'store' | null;
  community_id: string | null;
}

export interface AgriDeps {
  conn: Connection;
  jobs: JobRunner;
  logger: Logger;
  /** The inbox (issue 15 item 6): tells posters about expiry, holds and moderation. */
  publish: PublishInboxEvent;
  /** Catalog, through its service: the person's merchant verification (farmers, co-ops, and buyers — see README). */
  posterProfile(user_id: string): Promise<PosterProfile>;
  /** Uploads, through its service. */
  uploads: {
    requireOwned(ids: readonly string[], owner_id: string, field: string): Promise<unknown>;
    sha256Of(ids: readonly string[]): Promise<Map<string, string>>;
    /** The file URL of each upload (unknown ids skipped): thumbnails and certification evidence. */
    urlsOf(ids: readonly string[]): Promise<Map<string, string>>;
  };
  /** Identity, through its service: the district (county) of a registered community or village; null if unknown. */
  communityDistrict(community_id: string): Promise<string | null>;
  /**
   * The regional median asking price of a variety per base unit (fen), from the price information (agri/price)
   * when wired; null when there is no price data (the price rule is then skipped). Defaults to open supply posts.
   */
  medianPrice?: (variety_key: string, county_key: string | null) => Promise<number | null>;
}

/** What changed, for listeners (matching recomputes, price observations): the post as stored after the change. */
export interface AgriPostChange {
  post_id: string;
  kind: AgriPostKind;
  what: 'created' | 'updated' | 'closed' | 'renewed' | 'expired' | 'held' | 'opened' | 'hidden' | 'restored';
  previous_status: AgriPostStatus | null;
  post: AgriPostDoc;
}
export type AgriPostListener = (change: AgriPostChange) => Promise<void> | void;

export interface AgriCtx {
  models: AgriModels;
  deps: AgriDeps;
  credit: Credit;
  listeners: AgriPostListener[];
  expiry: () => DelayedJobs<{ post_id: string; expires_at_ms: number }>;
}

/** Tells every listener; a listener's failure is logged, never the poster's problem (their post is saved). */
export async function emitChange(C: AgriCtx, change: AgriPostChange): Promise<void> {
  for (const listener of C.listeners) {
    try {
      await listener(change);
    } catch (err) {
      C.deps.logger.error({ err: (err as Error).message, post_id: change.post_id, what: change.what }, 'agri post listener failed');
    }
  }
}

/** Publishes to the inbox without failing the caller: the post's state is already written. */
export async function tell(C: AgriCtx, event: Parameters<PublishInboxEvent>[0]): Promise<void> {
  try {
    await C.deps.publish(event);
  } catch (err) {
    C.deps.logger.error({ err: (err as Error).message, event_id: event.event_id }, 'agri inbox publish failed');
  }
}
