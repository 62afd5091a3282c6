import { LinkCells } from './index';

/** Two rows: one with its own word at the end, one with the default 进入 (they open pages that are not in the gallery). */
export function Demo() {
  return (
    <LinkCells
      links={[
        {
          className: 'demo-link-orders',
          title: '我的订单',
          description: '待付款、配送中、已完成',
          extra: '查看',
          url: '/shop/orders/index',
        },
        { className: 'demo-link-calls', title: '便民服务呼叫', description: '水电维修、家政保洁、助老服务', url: '/calls/index/index' },
      ]}
    />
  );
}
