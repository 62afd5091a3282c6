import { Text } from '@tarojs/components';
import { statusWord, type OrderStatus } from '@cc/shared';
import './order.css';

/** An order's status in the one word of '@cc/shared' (issue 12 item 4), its tone a token; the word carries the meaning. */
export function OrderStatusWord({ status, className = '' }: { status: OrderStatus; className?: string }) {
  const s = statusWord('order', status, 'resident');
  return (
    <Text className={`order-word order-word--${s.tone} ${className}`} data-testid="order-status">
      {s.word}
    </Text>
  );
}
