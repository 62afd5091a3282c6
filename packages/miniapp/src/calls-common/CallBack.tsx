import { useState } from 'react';
import Taro from '@tarojs/taro';
import { Text, View } from '@tarojs/components';
import { Button } from '@nutui/nutui-react-taro';
import { routes, type Call } from '@cc/shared';
import { call, errorMessage } from '../api';

/**
 * Ringing a resident back (issue 12 item 10): the kiosk promises 服务站会打电话联系您, so the station's operators and
 * the call's provider get the resident's full number behind 显示号码 — each press is recorded by the API before the
 * number is answered — and then a 拨打电话 button. The number stays in this component's memory only.
 */
export function CallBack({ call: c }: { call: Pick<Call, 'id' | 'number' | 'requester_id'> }) {
  const [phone, setPhone] = useState<string | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  if (!c.requester_id) return null;
  const requester_id = c.requester_id;

  async function reveal() {
    setBusy(true);
    setError(null);
    try {
      const shown = await call(routes.revealUserPhone, {
        params: { user_id: requester_id },
        body: { reason: `回电：呼叫 ${c.number}`, call_id: c.id },
      });
      setPhone(shown.phone);
    } catch (e) {
      setError(errorMessage(e));
    } finally {
      setBusy(false);
    }
  }

  return (
    <View className="call-card call-back" data-testid="call-back">
      {phone ? (
        <>
          <Text className="call-back__phone" data-testid="call-back-phone">
            {phone}
          </Text>
          <Button
            type="primary"
            data-testid="call-back-dial"
            onClick={() => void Taro.makePhoneCall({ phoneNumber: phone }).catch(() => undefined)}
          >
            拨打电话
          </Button>
        </>
      ) : (
        <Button type="primary" fill="outline" loading={busy} disabled={busy} data-testid="call-back-reveal" onClick={() => void reveal()}>
          显示号码（会留下查看记录）
        </Button>
      )}
      {error && (
        <View className="call-back__error" role="alert">
          {error}
        </View>
      )}
    </View>
  );
}
