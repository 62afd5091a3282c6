import { useCallback, useState } from 'react';
import { useDidShow } from '@tarojs/taro';
import { View, Text } from '@tarojs/components';
import { Button, Input } from '@nutui/nutui-react-taro';
import { FamilyContactInput, routes, type FamilyContact } from '@cc/shared';
import { call, errorMessage } from '../../api';
import '../../calls-common/calls.css';
import '../calls.css';
import { phoneInput } from '../../ui/input-names';
import { ErrorView, LoadingView } from '../../ui';

const MAX_CONTACTS = 5;
type Draft = { name: string; relation: string; phone: string };
type State = { kind: 'loading' } | { kind: 'error'; message: string } | { kind: 'ready'; saved: FamilyContact[] };

/**
 * 紧急联系人: who is told when this person raises 紧急求助 — a WeChat message to those who use the mini-program, and
 * the service station rings the others. Numbers come back masked, so the list is replaced as a whole when saved.
 */
export default function FamilyContactsPage() {
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

  if (state.kind === 'loading') return <LoadingView />;
  if (state.kind === 'error')
    return (
      <View className="page">
        <ErrorView message={state.message} onRetry={() => void load()} />
      </View>
    );

  const editing = draft.length > 0;
  const update = (i: number, patch: Partial<Draft>) => setDraft((d) => d.map((x, j) => (j === i ? { ...x, ...patch } : x)));

  /** Starts editing: the saved contacts' full numbers are not shown again, so they are typed anew. */
  function startEditing() {
    setNotice(null);
    setDraft(
      state.kind === 'ready' && state.saved.length > 0
        ? state.saved.map((c) => ({ name: c.name, relation: c.relation, phone: '' }))
        : [{ name: '', relation: '', phone: '' }],
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

  return (
    <View className="page family-contacts">
      <Text className="page-title">紧急联系人</Text>
      <View className="page-subtitle">
        <Text>您发起紧急求助时，我们会通知这些亲友：使用本小程序的会收到微信提醒，其他人由社区服务站打电话联系。</Text>
      </View>
      {notice && (
        <View className="family-contacts__notice" role="status">
          <Text>{notice}</Text>
        </View>
      )}

      {!editing && (
        <View className="family-contacts__list">
          {state.saved.length === 0 ? (
            <Text className="family-contacts__empty">还没有登记紧急联系人</Text>
          ) : (
            state.saved.map((c) => (
              <View key={`${c.name}-${c.phone_masked}`} className="family-contact">
                <Text className="family-contact__name">
                  {c.name}（{c.relation}）
                </Text>
                <Text className="family-contact__phone">{c.phone_masked}</Text>
                <Text className="family-contact__how">{c.in_app ? '微信提醒 + 电话' : '服务站电话联系'}</Text>
              </View>
            ))
          )}
          <Button block type="primary" className="family-contacts__edit" onClick={startEditing}>
            {state.saved.length === 0 ? '添加紧急联系人' : '修改紧急联系人'}
          </Button>
        </View>
      )}

      {editing && (
        <View className="family-contacts__form">
          {draft.map((c, i) => (
            <View key={i} className="family-contact-form" data-index={i}>
              <Text className="section-title">联系人 {i + 1}</Text>
              <Input
                className="family-contact-form__name"
                placeholder="姓名"
                value={c.name}
                maxLength={20}
                onChange={(v) => update(i, { name: v })}
              />
              <Input
                className="family-contact-form__relation"
                placeholder="关系，如 儿子、女儿、邻居"
                value={c.relation}
                maxLength={10}
                onChange={(v) => update(i, { relation: v })}
              />
              <Input
                className="family-contact-form__phone"
                {...phoneInput('手机号')}
                placeholder="11 位手机号"
                value={c.phone}
                maxLength={11}
                onChange={(v) => update(i, { phone: v.replace(/\D/g, '') })}
              />
              {errors[i] && <Text className="call-field__hint call-field__hint--error">{errors[i]}</Text>}
              <Button size="small" fill="none" onClick={() => setDraft((d) => d.filter((_, j) => j !== i))}>
                删除这一位
              </Button>
            </View>
          ))}
          {draft.length < MAX_CONTACTS && (
            <Button
              block
              fill="outline"
              className="family-contacts__add"
              onClick={() => setDraft((d) => [...d, { name: '', relation: '', phone: '' }])}
            >
              再加一位（最多 {MAX_CONTACTS} 位）
            </Button>
          )}
          <Button block type="primary" loading={busy} className="family-contacts__save" onClick={() => void save(draft)}>
            保存
          </Button>
          <Button block fill="none" onClick={() => setDraft([])}>
            取消
          </Button>
        </View>
      )}
    </View>
  );
}
