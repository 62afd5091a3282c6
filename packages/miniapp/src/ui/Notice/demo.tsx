import { Text } from '@tarojs/components';
import { Notice } from './index';

/** Every tone, with and without a title. */
export function Demo() {
  return (
    <>
      <Notice tone="info">配送时间为每天 9:00–18:00</Notice>
      <Notice tone="ok" title="已付款">
        <Text>商家会尽快备货</Text>
      </Notice>
      <Notice tone="warning" title="余额不足">
        <Text>请先充值再付款</Text>
      </Notice>
      <Notice tone="danger" testid="demo-notice-danger">
        <Text>付款没有成功，请重试</Text>
      </Notice>
    </>
  );
}
