import Taro from '@tarojs/taro';
import { View, Text } from '@tarojs/components';
import { Button } from '@nutui/nutui-react-taro';
import type { Service } from '@cc/shared';
import { DuplicateQuestion } from '../../calls-common/DuplicateQuestion';
import { CALL_PAGES, slaText } from '../../calls-common/lib';
import { Notice } from '../../ui';
import type { NewCall } from './useNewCall';

/** The service's name, description and how soon it is taken. */
export function FormHead({ service }: { service: Service }) {
  return (
    <>
      <Text className="page-title">{service.service_name}</Text>
      <View className={`calls-form-head ${service.emergency ? 'calls-form-head--emergency' : ''}`}>
        <Text>{service.description}</Text>
        <Text className="calls-form-head__sla">{service.emergency ? '发出后社区服务站所有值班人员会立即收到提醒' : slaText(service)}</Text>
      </View>
    </>
  );
}

/** The send button with the last error, or the question when the call looks like one already open. */
export function SubmitArea({ n, service }: { n: NewCall; service: Service }) {
  if (n.duplicateOf !== null)
    return (
      <DuplicateQuestion
        busy={n.busy}
        onView={() => void Taro.redirectTo({ url: `${CALL_PAGES.detail}?id=${n.duplicateOf}` })}
        onConfirmNew={() => void n.submit(service, true)}
        onCancel={() => n.setDuplicateOf(null)}
      />
    );
  return (
    <>
      {n.error && (
        <Notice tone="danger" className="calls-new__error">
          <Text>{n.error}</Text>
        </Notice>
      )}
      <View className="call-submit">
        <Button
          block
          size="large"
          type={service.emergency ? 'danger' : 'primary'}
          className="calls-new__submit"
          loading={n.busy}
          disabled={n.busy}
          onClick={() => void n.submit(service, false)}
        >
          {service.emergency ? '发送紧急求助' : '发送呼叫'}
        </Button>
      </View>
    </>
  );
}
