import { BigButton } from '../BigButton';
import { ErrorView, LoadingView } from './index';

/** Waiting, a one-line failure, and a titled failure with the hotline and the way on. */
export function Demo() {
  return (
    <>
      <LoadingView text="正在查询余额…" />
      <ErrorView message="没有读到卡，请重新刷卡" />
      <ErrorView title="暂时查不到余额" message="网络不通" hint="请稍后再试" hotline="0571-8888 1234">
        <BigButton tone="primary" label="再试一次" onClick={() => undefined} />
      </ErrorView>
    </>
  );
}
