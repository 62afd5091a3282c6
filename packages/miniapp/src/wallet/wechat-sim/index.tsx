import { Text } from '@tarojs/components';
import { Button } from '@nutui/nutui-react-taro';
import { formatFen } from '@cc/shared';
import { Card, Notice } from '../../ui';

/**
 * H5 demo only: where WeChat's own pay sheet would open in the mini-program, the person confirms in the local WeChat
 * Pay simulator, which then notifies the platform as WeChat Pay would. One sheet for every WeChat payment (the shop's
 * checkout, 我来付 for a family member), so the demo pays the same way everywhere.
 */
export function WechatPaySimSheet({ amount_fen, busy, onConfirm }: { amount_fen: number; busy: boolean; onConfirm: () => void }) {
  return (
    <Card className="pay-wechat-sim" title="模拟微信支付（网页演示）" testid="wechat-pay-sim">
      <Notice tone="info">
        <Text>在微信里这里会弹出微信支付；演示环境由本地模拟器代替，确认后它会像微信支付一样通知平台。</Text>
      </Notice>
      <Button block type="success" className="pay-wechat-confirm" loading={busy} onClick={onConfirm}>
        确认支付 {formatFen(amount_fen)}
      </Button>
    </Card>
  );
}
