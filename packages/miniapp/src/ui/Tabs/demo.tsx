import { useState } from 'react';
import { Text } from '@tarojs/components';
import { Tabs } from './index';

type Status = 'all' | 'paid' | 'shipping' | 'done';
const TABS: { value: Status; label: string }[] = [
  { value: 'all', label: '全部' },
  { value: 'paid', label: '待发货' },
  { value: 'shipping', label: '配送中' },
  { value: 'done', label: '已完成' },
];

/** Four status tabs with a count on 待发货 (Tab reaches the chosen one, arrows move), and two tabs sharing the row. */
export function Demo() {
  const [status, setStatus] = useState<Status>('all');
  const [side, setSide] = useState<'todo' | 'done'>('todo');
  return (
    <>
      <Tabs<Status> testid="demo-tabs" label="订单状态" tabs={TABS} value={status} onChange={setStatus} counts={{ paid: 2 }} />
      <Text data-testid="demo-tabs-chosen">{`正在看：${TABS.find((t) => t.value === status)?.label}`}</Text>
      <Tabs<'todo' | 'done'>
        testid="demo-tabs-stretch"
        label="呼叫"
        stretch
        tabs={[
          { value: 'todo', label: '待办（3）' },
          { value: 'done', label: '已结束（12）' },
        ]}
        value={side}
        onChange={setSide}
      />
    </>
  );
}
