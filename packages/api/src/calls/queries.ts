import { type CallStatus } from '@cc/shared';
import { communitiesWithRole, hasCommunityRole, type UserActor } from '../platform/actor';
import { newId } from '../platform/ids';
import { pageByCursor, pageBySort } from '../platform/pagination';
import { badRequest, forbidden } from '../platform/problem';
import { defaultServices } from './catalogue';
import type { CallDoc, ProviderSkillDoc } from './models';
import { catalogue, openLoad, requireProviderIn, serviceOf, visible } from './records';
import type { CallsDeps } from './service';
import { CLOSED_STATUSES, OPEN_STATUSES } from './statuses';
import { toCall, toProvider, toService } from './views';

type Page = { limit: number; cursor?: string | undefined; status?: CallStatus | undefined; number?: string | undefined };
type MyCallsQuery = Page & { view: 'mine' | 'assigned' };
type CommunityCallsQuery = Page & { state?: 'open' | 'closed' | undefined };

/** The catalogue, the lists of calls, and the providers' skills. */
export function catalogueAndLists(deps: CallsDeps) {
  const { Service: ServiceModel, Call, ProviderSkill } = deps.models;
  return {
    /** The catalogue; inactive services only when asked (operators editing it). */
    async listServices(community_id: string, opts: { include_inactive?: boolean } = {}) {
      const all = await catalogue(deps, community_id);
      return { items: all.filter((s) => opts.include_inactive || s.active !== false).map(toService) };
    },
    async getService(community_id: string, service_code: string) {
      return toService(await serviceOf(deps, community_id, service_code));
    },

    /** Stores the default catalogue for a community; running it again changes nothing. */
    async seedCatalogue(community_id: string): Promise<void> {
      for (const s of defaultServices(community_id, new Date())) {
        const { _id, created_at, ...rest } = s;
        await ServiceModel.updateOne(
          { community_id, service_code: s.service_code },
          { $setOnInsert: { _id, created_at, ...rest } },
          { upsert: true },
        );
      }
    },

    async listMine(actor: UserActor, query: MyCallsQuery) {
      const filter: Record<string, unknown> = query.view === 'assigned' ? { provider_id: actor.user_id } : { requester_id: actor.user_id };
      if (query.status) filter.status = query.status;
      if (query.number) filter.number = query.number;
      const page = await pageByCursor(Call, filter, query);
      return { items: page.items.map((c) => toCall(c)), next_cursor: page.next_cursor };
    },

    async listCommunity(actor: UserActor, community_id: string, query: CommunityCallsQuery) {
      const scope = communitiesWithRole(actor, ['operator']);
      if (scope && !scope.includes(community_id)) throw forbidden('forbidden_scope', '您没有该社区的相应权限');
      const statuses = query.state === 'open' ? OPEN_STATUSES : query.state === 'closed' ? CLOSED_STATUSES : null;
      const filter: Record<string, unknown> = { community_id, ...(query.number ? { number: query.number } : {}) };
      if (query.status && statuses && !statuses.includes(query.status)) return { items: [], next_cursor: null };
      if (query.status) filter.status = query.status;
      else if (statuses) filter.status = { $in: statuses };
      // The queue order: emergencies first ('emergency' < 'normal' as strings), then the nearest SLA deadline;
      // keyset pages over (priority, expected_datetime, _id), so the order holds across pages.
      const page = await pageBySort(Call, filter, query, [
        { field: 'priority', type: 'string' },
        { field: 'expected_datetime', type: 'date' },
      ]);
      // A call whose status changed while the page was read (the embedded server has no read snapshot) is left out
      // rather than shown under a filter it no longer matches; the cursor still moves past it.
      const wanted = (c: CallDoc) => (query.status ? c.status === query.status : statuses ? statuses.includes(c.status) : true);
      return { items: page.items.filter(wanted).map((c) => toCall(c)), next_cursor: page.next_cursor };
    },

    get: async (actor: UserActor, call_id: string) => toCall(await visible(deps, actor, call_id)),

    async listProviders(actor: UserActor, community_id: string) {
      if (!hasCommunityRole(actor, community_id, ['operator'])) throw forbidden('forbidden_scope', '您没有该社区的相应权限');
      const rows = await ProviderSkill.find({ community_id }).sort({ user_id: 1 }).limit(200).lean<ProviderSkillDoc[]>();
      return { items: await Promise.all(rows.map(async (r) => toProvider(r, await openLoad(deps, r.user_id)))) };
    },

    async setSkills(actor: UserActor | null, community_id: string, user_id: string, skills: string[]) {
      if (actor && !hasCommunityRole(actor, community_id, ['operator'])) throw forbidden('forbidden_scope', '您没有该社区的相应权限');
      const codes = new Set((await catalogue(deps, community_id)).map((s) => s.service_code));
      const unknown = skills.find((s) => !codes.has(s));
      if (unknown)
        throw badRequest('service_not_found', `没有这项服务：${unknown}`, [
          { path: 'body.skills', message: `没有这项服务：${unknown}`, code: 'service_not_found' },
        ]);
      await requireProviderIn(deps, community_id, user_id);
      const now = new Date();
      const doc = await ProviderSkill.findOneAndUpdate(
        { community_id, user_id },
        { $set: { skills: [...new Set(skills)], updated_at: now }, $setOnInsert: { _id: newId('psk'), rating_sum: 0, rating_count: 0 } },
        { upsert: true, new: true },
      ).lean<ProviderSkillDoc>();
      return toProvider(doc as ProviderSkillDoc, await openLoad(deps, user_id));
    },
  };
}
