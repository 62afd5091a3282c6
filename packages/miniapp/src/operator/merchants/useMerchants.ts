import { useEffect, useState } from 'react';
import { routes, type Merchant, type VerificationStatus } from '@cc/shared';
import { call, errorMessage } from '../../api';
import { usePaged, useListRefresh } from '../../commerce/lib';
import { useOperatorScope } from '../lib/commerce';

export const TABS: { value: VerificationStatus; label: string }[] = [
  { value: 'pending', label: '待审核' },
  { value: 'rejected', label: '未通过' },
  { value: 'verified', label: '已认证' },
  { value: 'unverified', label: '未提交' },
];

/** The community's shops of the chosen verification status, page by page; reloaded quietly on show and pull-down. */
export function useMerchants() {
  const { scope, reload: reloadScope } = useOperatorScope();
  const [tab, setTab] = useState<VerificationStatus>('pending');
  const [done, setDone] = useState<string | null>(null);
  const { state, reload, more, patch } = usePaged<Merchant>();
  const community_id = scope.kind === 'ready' ? scope.community_id : null;

  useEffect(() => {
    if (!community_id) return;
    void reload((cursor) =>
      call(routes.listCommunityMerchants, {
        params: { community_id },
        query: { verification: tab, limit: 20, ...(cursor ? { cursor } : {}) },
      }),
    );
  }, [community_id, tab, reload]);
  useListRefresh({ reload, more });

  /** A decided shop leaves the tab (or is updated in it), with the words of what was done. */
  const decided = (before: Merchant, next: Merchant, message: string) => {
    patch(before.id, next.verification.status === tab ? next : null, (x) => x.id);
    setDone(message);
  };
  const chooseTab = (t: VerificationStatus) => {
    setDone(null);
    setTab(t);
  };
  return { scope, reloadScope, community_id, tab, chooseTab, done, state, reload, decided };
}

export type MerchantsPage = ReturnType<typeof useMerchants>;

/** One shop's decision: busy while it is sent, its error; the rejection reason box open or not. */
export function useDecision(onDecided: (m: Merchant, message: string) => void) {
  const [rejecting, setRejecting] = useState(false);
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);

  async function decide(work: () => Promise<Merchant>, message: string): Promise<boolean> {
    setBusy(true);
    setError(null);
    try {
      onDecided(await work(), message);
      return true;
    } catch (e) {
      setError(errorMessage(e));
      return false;
    } finally {
      setBusy(false);
    }
  }
  return { rejecting, setRejecting, busy, error, decide };
}
