import type { Identity } from '../identity/index';

/** Whether a community exists, through identity's service (its 404 becomes false; any other failure stays one). */
export function communityExistsVia(identity: Identity): (community_id: string) => Promise<boolean> {
  return (community_id) =>
    identity.places.getCommunity(community_id).then(
      () => true,
      (err: unknown) => {
        if ((err as { code?: string }).code === 'community_not_found') return false;
        throw err;
      },
    );
}
