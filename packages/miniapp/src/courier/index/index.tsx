import { View, Text } from '@tarojs/components';
import { isPending, Notice, PendingPage } from '../../ui';
import { CourierLinks, DutyCard, TaskHall } from './sections';
import { useWorkbench } from './useWorkbench';
import { PositionNotice } from '../lib/PositionNotice';
import { usePosition } from '../lib/usePosition';
import '../lib/courier.css';

/** 配送员工作台: on or off duty, my tasks and earnings, and the task hall of open tasks nearby. */
export default function CourierHome() {
  const w = useWorkbench();
  // While the courier holds a task, the buyers follow them: their position goes up every 30 s.
  const positionNotice = usePosition(w.duty.kind === 'ready' && w.duty.duty.active_tasks > 0);
  if (isPending(w.duty)) return <PendingPage state={w.duty} onRetry={() => void w.load()} />;
  return (
    <View className="page courier-home" data-testid="courier-home" data-on-duty={String(w.duty.duty.on_duty)}>
      {w.notice && (
        <Notice tone={w.notice.tone} testid="courier-notice">
          <Text>{w.notice.text}</Text>
        </Notice>
      )}
      <PositionNotice text={positionNotice} />
      <DutyCard duty={w.duty.duty} busy={w.busy === 'duty'} onToggle={() => void w.toggle()} />
      <CourierLinks />
      <View className="section-title">
        <Text>附近的配送任务</Text>
      </View>
      <TaskHall hall={w.hall} busy={w.busy} onClaim={(id) => void w.claim(id)} onRetry={() => void w.load()} />
    </View>
  );
}
