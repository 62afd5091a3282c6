import { View, Text } from '@tarojs/components';
import '../../calls-common/calls.css';
import '../calls.css';
import { DraftForm, SavedList } from './sections';
import { useFamilyContacts } from './useFamilyContacts';
import { isPending, PendingPage } from '../../ui';

/**
 * 紧急联系人: who is told when this person raises 紧急求助 — a WeChat message to those who use the mini-program, and
 * the service station rings the others. Numbers come back masked, so the list is replaced as a whole when saved.
 */
export default function FamilyContactsPage() {
  const f = useFamilyContacts();
  const { state } = f;
  if (isPending(state)) return <PendingPage state={state} onRetry={() => void f.load()} />;

  const editing = f.draft.length > 0;
  return (
    <View className="page family-contacts">
      <Text className="page-title">紧急联系人</Text>
      <View className="page-subtitle">
        <Text>您发起紧急求助时，我们会通知这些亲友：使用本小程序的会收到微信提醒，其他人由社区服务站打电话联系。</Text>
      </View>
      {f.notice && (
        <View className="family-contacts__notice" role="status">
          <Text>{f.notice}</Text>
        </View>
      )}
      {!editing && <SavedList saved={state.saved} onEdit={f.startEditing} />}
      {editing && <DraftForm f={f} />}
    </View>
  );
}
