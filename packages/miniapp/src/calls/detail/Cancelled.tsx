import Taro from '@tarojs/taro';
import { Text } from '@tarojs/components';
import { Button } from '@nutui/nutui-react-taro';
import type { Call } from '@cc/shared';
import { CALL_PAGES } from '../../calls-common/lib';
import { Notice } from '../../ui';

const BY: Record<string, string> = { resident: '您', operator: '服务站', provider: '服务人员', admin: '平台', system: '系统' };

/**
 * A cancelled call says who cancelled it and why, and offers to call again (issue 12 item 9): a resident whose call
 * the station cancelled must not be left with a grey word and nothing to do.
 */
export function Cancelled({ call: c }: { call: Call }) {
  const cancel = [...c.history].reverse().find((h) => h.action === 'cancel');
  const by = BY[cancel?.actor_role ?? 'system'] ?? '服务站';
  return (
    <Notice tone="warning" title={`${by}取消了这次呼叫`} className="calls-detail__cancelled">
      <Text data-testid="cancel-reason">原因：{cancel?.note?.trim() || '未说明'}</Text>
      <Button
        type="primary"
        block
        className="calls-detail__again"
        data-testid="call-again"
        onClick={() => void Taro.navigateTo({ url: `${CALL_PAGES.create}?code=${c.service_code}` })}
      >
        再次呼叫
      </Button>
    </Notice>
  );
}
