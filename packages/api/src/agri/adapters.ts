import type { PublishInboxEvent } from '@cc/shared';
import type { Connection } from 'mongoose';
import type { Logger } from 'pino';
import type { Catalog } from '../catalog/index';
import type { Identity } from '../identity/index';
import type { JobRunner } from '../platform/jobs';
import type { Uploads } from '../uploads/index';
import type { PosterProfile } from './context';
import { createAgri } from './index';

/**
 * Real-name verification of posters is the catalog's merchant verification (issue 14 item 7): a farmer or co-op is
 * verified when they own a merchant record an operator verified. Buyers (canteens, stores, wholesalers) are verified
 * the same way: they register a merchant record (kind `store`) and submit their real name or credit code; an operator
 * of their community checks it at the station. Until then their posts are saved but not public.
 */
export function posterProfileVia(catalog: Catalog): (user_id: string) => Promise<PosterProfile> {
  return async (user_id) => {
    const owned = await catalog.merchants.ownedBy(user_id);
    const verified = owned.find((m) => m.verification.status === 'verified');
    const shown = verified ?? owned[0];
    return {
      verified: !!verified,
      name: shown?.name ?? null,
      kind: shown?.kind ?? null,
      community_id: shown?.community_id ?? null,
    };
  };
}

/** The district of a registered community or village through identity's service; null when there is none. */
export function communityDistrictVia(identity: Identity): (community_id: string) => Promise<string | null> {
  return (community_id) =>
    identity.places.getCommunity(community_id).then(
      (c) => c.district,
      (err: unknown) => {
        if ((err as { code?: string }).code === 'community_not_found') return null;
        throw err;
      },
    );
}

export function agriFrom(deps: {
  conn: Connection;
  jobs: JobRunner;
  logger: Logger;
  catalog: Catalog;
  identity: Identity;
  uploads: Uploads;
  publish: PublishInboxEvent;
}) {
  return createAgri({
    conn: deps.conn,
    jobs: deps.jobs,
    logger: deps.logger,
    publish: deps.publish,
    posterProfile: posterProfileVia(deps.catalog),
    uploads: deps.uploads.service,
    communityDistrict: communityDistrictVia(deps.identity),
  });
}
