import { Timeline, type TimelineStep } from './index';

const STEPS: TimelineStep[] = [
  { key: '1', action: 'created', title: '提交订单', status: '待付款', meta: '12月1日 10:30 · 王秀英' },
  { key: '2', action: 'paid', title: '付款', status: '已付款', meta: '12月1日 10:32 · 市民卡钱包' },
  { key: '3', action: 'prepared', title: '备货完成', status: '已备好', meta: '12月1日 14:05 · 李家农场', note: '鸡蛋已单独装盒' },
];

/** An order's history in three steps. */
export function Demo() {
  return <Timeline title="订单进度" steps={STEPS} />;
}
