import { useCallback, useState } from 'react';
import { useDidShow } from '@tarojs/taro';
import { ROLES, routes, type Community, type Me, type Merchant, type Role } from '@cc/shared';
import { call, errorMessage } from '../../api';
import { clearToken, getToken, goLogin } from '../../session';

export type HomeState =
  | { kind: 'loading' }
  | { kind: 'error'; message: string }
  | { kind: 'ready'; me: Me; community: Community | null; choices: Community[] | null; shops: Merchant[] };

/** Roles in display order, each once (a person may hold one role in several communities). */
export function heldRoles(me: Me): Role[] {
  const held = new Set(me.roles.map((g) => g.role));
  return ROLES.filter((r) => held.has(r));
}

async function loadHome(): Promise<HomeState> {
  const me = await call(routes.getMe, {});
  // The shops this person owns (a community store's owner may hold no role at all); never in the way of the rest.
  const shops = call(routes.listMyMerchants, {}).then(
    (r) => r.items,
    () => [] as Merchant[],
  );
  if (me.community_id) {
    const [community, owned] = await Promise.all([call(routes.getCommunity, { params: { community_id: me.community_id } }), shops]);
    return { kind: 'ready', me, community, choices: null, shops: owned };
  }
  // No community yet: ask the person to pick one before showing anything else.
  const page = await call(routes.listCommunities, { query: { limit: 100 } });
  return { kind: 'ready', me, community: null, choices: page.items, shops: await shops };
}

/** The home page's person, community (or the communities to pick from), shops; picking a community; logging out. */
export function useHome() {
  const [state, setState] = useState<HomeState>({ kind: 'loading' });
  const [picking, setPicking] = useState<string | null>(null);
  const [notice, setNotice] = useState<string | null>(null);

  const load = useCallback(async () => {
    if (!getToken()) return goLogin();
    setState((s) => (s.kind === 'ready' ? s : { kind: 'loading' }));
    try {
      setState(await loadHome());
    } catch (e) {
      setState({ kind: 'error', message: errorMessage(e) });
    }
  }, []);
  useDidShow(() => {
    void load();
  });

  async function pickCommunity(community: Community) {
    if (picking) return;
    setPicking(community.id);
    setNotice(null);
    try {
      const me = await call(routes.updateMe, { body: { community_id: community.id } });
      setState((s) => ({ kind: 'ready', me, community, choices: null, shops: s.kind === 'ready' ? s.shops : [] }));
    } catch (e) {
      setNotice(errorMessage(e));
    } finally {
      setPicking(null);
    }
  }

  async function logout() {
    try {
      await call(routes.logout, { body: {} });
    } catch {
      // The session ends on this device either way; the server forgets it at expiry.
    }
    clearToken();
    goLogin();
  }

  return { state, load, picking, notice, pickCommunity, logout };
}
