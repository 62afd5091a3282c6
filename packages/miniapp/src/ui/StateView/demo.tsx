import { EmptyView, ErrorView, LoadingView } from './index';

/** Loading, empty and error. */
export function Demo() {
  return (
    <>
      <LoadingView text="正在加载订单…" />
      <EmptyView title="还没有订单" description="去社区商城逛逛吧" />
      <ErrorView message="网络连接失败，请稍后再试" onRetry={() => undefined} />
    </>
  );
}
