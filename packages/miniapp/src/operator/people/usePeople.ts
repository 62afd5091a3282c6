import { useCallback, useEffect, useState } from 'react';
import { routes, type Role, type UserSummary } from '@cc/shared';
import { call, errorMessage } from '../../api';
import { operatorMe, scopeOf } from '../lib/scope';

/** Roles an operator may grant in their own community (operator and admin are the admins' to give). */
export const GRANTABLE: Role[] = ['provider', 'courier', 'farmer', 'buyer'];

export type Search = { text: string; role: Role | 'all' };

/** The API's query for what was typed: 4 or 11 digits are a phone number, anything else part of a nickname. */
function queryOf(community_id: string | null, s: Search) {
  const text = s.text.trim();
  const byPhone = /^(\d{4}|1\d{10})$/.test(text);
  return {
    limit: 50,
    ...(community_id ? { community_id } : {}),
    ...(s.role !== 'all' ? { role: s.role } : {}),
    ...(text ? (byPhone ? { phone: text } : { q: text.slice(0, 20) }) : {}),
  };
}

/** The operator's people: search by nickname or phone, filter by role, grant and revoke community roles. */
export function usePeople() {
  const [communityId, setCommunityId] = useState<string | null>(null);
  const [search, setSearch] = useState<Search>({ text: '', role: 'all' });
  const [people, setPeople] = useState<UserSummary[] | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [done, setDone] = useState<string | null>(null);

  const find = useCallback(async (s: Search) => {
    setError(null);
    try {
      const community = scopeOf(await operatorMe());
      setCommunityId(community);
      setPeople((await call(routes.listUsers, { query: queryOf(community, s) })).items);
    } catch (e) {
      setError(errorMessage(e));
    }
  }, []);
  useEffect(() => void find({ text: '', role: 'all' }), [find]);

  const change = useCallback(
    async (person: UserSummary, role: Role, grant: boolean) => {
      if (!communityId) return;
      setError(null);
      try {
        const route = grant ? routes.grantRole : routes.revokeRole;
        const updated = await call(route, { params: { user_id: person.id }, body: { role, community_id: communityId } });
        setPeople((list) => list?.map((p) => (p.id === updated.id ? updated : p)) ?? null);
        setDone(`${grant ? '已授予' : '已撤销'}${person.nickname}的角色`);
      } catch (e) {
        setError(errorMessage(e));
      }
    },
    [communityId],
  );

  return { search, setSearch, people, error, done, communityId, find, change };
}
