import { View } from '@tarojs/components';
import { CallForm } from '../../calls-common/CallForm';
import { FormHead, SubmitArea } from './sections';
import { useNewCall } from './useNewCall';
import '../calls.css';
import { ErrorView, LoadingView } from '../../ui';

/** One service's form: generated from its typed attributes, then description, address (from the profile), preferred time. */
export default function NewCallPage() {
  const n = useNewCall();
  const { load, form } = n;
  if (load.kind === 'loading') return <LoadingView />;
  if (load.kind === 'error')
    return (
      <View className="page">
        <ErrorView message={load.message} onRetry={() => void n.fetchAll()} />
      </View>
    );

  const { service, profileAddress } = load;
  return (
    <View className={`page calls-new ${service.emergency ? 'calls-new--emergency' : ''}`}>
      <FormHead service={service} />
      <CallForm
        service={service}
        value={form}
        errors={n.errors}
        onChange={(v) => n.change(service, v)}
        addressHint={profileAddress && form.address.trim() === profileAddress ? '已填入您登记的住址，可修改' : undefined}
      />
      <SubmitArea n={n} service={service} />
    </View>
  );
}
