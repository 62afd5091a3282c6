import type { Access, Role, RoleGrant } from '@cc/shared';
import { forbidden } from './problem';

/** Who is calling: resolved once per request from the Authorization header. */
export type UserActor = {
  kind: 'user';
  user_id: string;
  /** Granted roles plus `resident` of the home community. */
  roles: RoleGrant[];
  community_id: string | null;
  /** Hash of the session token; lets a person end this session. */
  session_id: string;
};
export type TerminalActor = { kind: 'terminal'; kiosk_id: string; community_id: string };
/** A person at a kiosk, signed in with their citizen card and PIN on this terminal. */
export type CardActor = { kind: 'card'; kiosk_id: string; community_id: string; card_id: string; user_id: string; session_id: string };
export type AnonymousActor = { kind: 'anonymous' };
/** A partner system authenticated by its api_key (Open311), scoped to the community the key was issued for. */
export type PartnerActor = { kind: 'partner'; key_id: string; community_id: string; name: string };
export type Actor = UserActor | TerminalActor | CardActor | PartnerActor | AnonymousActor;

export type ActorFor<A extends Access> = A extends { kind: 'user' }
  ? UserActor
  : A extends { kind: 'terminal' }
    ? TerminalActor
    : A extends { kind: 'card' }
      ? CardActor
      : A extends { kind: 'partner' }
        ? PartnerActor
        : Actor;

export function isAdmin(actor: UserActor): boolean {
  return actor.roles.some((g) => g.role === 'admin');
}

/** Does the actor hold one of `roles` in this community (admins hold every role everywhere)? */
export function hasCommunityRole(actor: UserActor, community_id: string, roles: readonly Role[]): boolean {
  return isAdmin(actor) || actor.roles.some((g) => roles.includes(g.role) && g.community_id === community_id);
}

/** Ownership/scope check every service does on the object it touches. */
export function assertCommunityRole(actor: UserActor, community_id: string, roles: readonly Role[]): void {
  if (!hasCommunityRole(actor, community_id, roles)) {
    throw forbidden('forbidden_scope', '您没有该社区的相应权限');
  }
}

/** Communities in which the actor holds one of `roles`; null means all (admin). */
export function communitiesWithRole(actor: UserActor, roles: readonly Role[]): string[] | null {
  if (isAdmin(actor)) return null;
  return actor.roles.filter((g) => roles.includes(g.role) && g.community_id).map((g) => g.community_id as string);
}
