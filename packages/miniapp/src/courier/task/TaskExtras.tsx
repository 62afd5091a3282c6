import { View } from '@tarojs/components';
import type { DeliveryTask } from '@cc/shared';

/**
 * The place on the task page for what other slices of issue 13 add next to the steps: the planned route and its
 * stops, live tracking, proof by photo, kiosk pickup, re-delivery after a failure. Each adds its own component here
 * (one line each), so the steps in TaskSteps.tsx stay as they are. Renders nothing until then.
 */
export function TaskExtras({ task }: { task: DeliveryTask; onChanged: (t: DeliveryTask) => void }) {
  return <View className="courier-extras" data-testid="task-extras" data-task-status={task.status} />;
}
