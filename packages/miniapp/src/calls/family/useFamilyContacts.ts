import { useCallback, useState } from 'react';
import { useDidShow } from '@tarojs/taro';
import { FamilyContactInput, routes, type FamilyContact } from '@cc/shared';
import { call, errorMessage } from '../../api';

export const MAX_CONTACTS = 5;
export type Draft = { name: string; relation: string; phone: string };
export type State = { kind: 'loading' } | { kind: 'error'; message: string } | { kind: 'ready'; saved: FamilyContact[] };

const blank = (): Draft => ({ name: '', relation: '', phone: '' });

/** 紧急联系人: the saved list, the draft being edited (empty when not editing), and saving it as a whole. */
export function useFamilyContacts() {
  const [state, setState] = useState<State>({ kind: 'loading' });
  const [draft, setDraft] = useState<Draft[]>([]);
  const [errors, setErrors] = useState<Record<number, string>>({});
  const [busy, setBusy] = useState(false);
  const [notice, setNotice] = useState<string | null>(null);

  const load = useCallback(async () => {
    setState({ kind: 'loading' });
    try {
      const { items } = await call(routes.getMyFamilyContacts, {});
      setState({ kind: 'ready', saved: items });
      setDraft([]);
    } catch (e) {
      setState({ kind: 'error', message: errorMessage(e) });
    }
  }, []);
  useDidShow(() => void load());

  const update = (i: number, patch: Partial<Draft>) => setDraft((d) => d.map((x, j) => (j === i ? { ...x, ...patch } : x)));
  const remove = (i: number) => setDraft((d) => d.filter((_, j) => j !== i));
  const add = () => setDraft((d) => [...d, blank()]);
  const stopEditing = () => setDraft([]);

  /** Starts editing: the saved contacts' full numbers are not shown again, so they are typed anew. */
  function startEditing() {
    setNotice(null);
    setDraft(
      state.kind === 'ready' && state.saved.length > 0
        ? state.saved.map((c) => ({ name: c.name, relation: c.relation, phone: '' }))
        : [blank()],
    );
  }

  async function save(contacts: Draft[]) {
    const problems: Record<number, string> = {};
    contacts.forEach((c, i) => {
      const parsed = FamilyContactInput.safeParse(c);
      if (!parsed.success) problems[i] = parsed.error.issues[0]?.message ?? '请检查这一位联系人';
    });
    setErrors(problems);
    if (Object.keys(problems).length > 0) return;
    setBusy(true);
    try {
      const { items } = await call(routes.setMyFamilyContacts, { body: { contacts } });
      setState({ kind: 'ready', saved: items });
      setDraft([]);
      setNotice(items.length > 0 ? '已保存。紧急求助时会通知他们。' : '已清空紧急联系人。');
    } catch (e) {
      setNotice(errorMessage(e));
    } finally {
      setBusy(false);
    }
  }

  return { state, load, draft, errors, busy, notice, update, remove, add, stopEditing, startEditing, save };
}

export type FamilyContacts = ReturnType<typeof useFamilyContacts>;
