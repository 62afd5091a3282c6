import { Notice } from './index';

/** An error in one line, a warning, something done, and a titled error with its lines. */
export function Demo() {
  return (
    <>
      <Notice role="none">没有读到卡，请重新刷卡</Notice>
      <Notice tone="warn" role="none">
        密码不对，还可以再试 2 次
      </Notice>
      <Notice tone="ok" role="none">
        已通知服务站，工作人员会尽快联系您
      </Notice>
      <Notice title="网络不通" role="none" testid="demo-notice-title">
        <p>暂时查不到余额</p>
        <p>请稍后再试，或拨打服务热线</p>
      </Notice>
    </>
  );
}
