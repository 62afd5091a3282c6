import Taro from '@tarojs/taro';
import { View, Text } from '@tarojs/components';
import { Button } from '@nutui/nutui-react-taro';
import { formatFen } from '@cc/shared';
import { Card, EmptyView, isPending, Money, Notice, PendingPage } from '../../ui';
import { orderNumber } from '../lib/tasks';
import { EARNING_DAYS, useEarnings, type Day, type Earnings } from './useEarnings';
import '../lib/courier.css';

function Totals({ e }: { e: Earnings }) {
  return (
    <Card className="courier-earnings" testid="earnings-total">
      <Text className="courier-muted">配送费（已送达 {e.count} 单）</Text>
      <Money fen={e.total_fen} size="lg" className="courier-earnings__amount" />
      <Text className="courier-muted" data-testid="earnings-today">
        今天 {formatFen(e.today_fen)}
        {e.pending_fen > 0 ? ` · 其中 ${formatFen(e.pending_fen)} 正在记入钱包` : ''}
      </Text>
      <Button
        fill="outline"
        size="large"
        block
        className="courier-earnings__wallet"
        onClick={() => void Taro.navigateTo({ url: '/wallet/statement/index' })}
      >
        查看钱包流水
      </Button>
    </Card>
  );
}

function DayCard({ day }: { day: Day }) {
  return (
    <Card className="courier-day" testid="earnings-day">
      <View className="courier-day__head cc-spread">
        <Text className="courier-task__number">{day.date}</Text>
        <Text className="courier-muted">{day.count} 单</Text>
        <Money fen={day.total_fen} />
      </View>
      {day.tasks.map((t) => (
        <View key={t.id} className="courier-earning" data-testid="earning" data-task={t.id}>
          <View>
            <Text className="courier-task__place">订单 {orderNumber(t)}</Text>
            <Text className="courier-muted">
              送至 {t.drop.label} · {t.fee_paid ? '已入账' : '入账中'}
            </Text>
          </View>
          <Money fen={t.fee_fen} />
        </View>
      ))}
    </Card>
  );
}

/** 我的收入: the fees of delivered tasks, in total, today and by day; the wallet statement has the money itself. */
export default function CourierEarnings() {
  const { state, load } = useEarnings();
  if (isPending(state)) return <PendingPage state={state} onRetry={() => void load()} />;
  const e = state.earnings;
  return (
    <View className="page courier-earnings-page" data-testid="courier-earnings">
      <Totals e={e} />
      <Notice tone="info">
        <Text>每送达一单，配送费记入您的市民卡钱包。合计为全部任务，按天列出最近 {EARNING_DAYS} 天。</Text>
      </Notice>
      {e.days.length === 0 ? (
        <EmptyView title="还没有送达的任务" description="送达后配送费会出现在这里" />
      ) : (
        e.days.map((d) => <DayCard key={d.date} day={d} />)
      )}
    </View>
  );
}
