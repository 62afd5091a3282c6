import { View, Text } from '@tarojs/components';
import { Card } from '../Card';
import type { TimelineProps } from './types';
import './index.css';

export type { TimelineProps, TimelineStep } from './types';

/** A history, oldest first and the last step marked: what happened, the status it led to, when and who, the note. */
export function Timeline({ steps, title, className = '' }: TimelineProps) {
  return (
    <Card className={`cc-timeline ${className}`} title={title}>
      {steps.map((s, i) => (
        <View
          key={s.key}
          className={`cc-timeline__item cc-timeline__item--${s.action} ${i === steps.length - 1 ? 'cc-timeline__item--last' : ''}`}
          data-action={s.action}
          data-testid="timeline-item"
        >
          <View className="cc-timeline__dot" />
          <View className="cc-timeline__body">
            <View className="cc-timeline__head">
              <Text className="cc-timeline__action">{s.title}</Text>
              {s.status && <Text className="cc-timeline__status">→ {s.status}</Text>}
            </View>
            <Text className="cc-timeline__meta">{s.meta}</Text>
            {s.note && <Text className="cc-timeline__note">{s.note}</Text>}
          </View>
        </View>
      ))}
    </Card>
  );
}
