import { Text } from '@tarojs/components';
import { formatFen } from '@cc/shared';
import './index.css';

export interface MoneyProps {
  /** Integer fen; shown as ¥ with two decimals. */
  fen: number;
  /** Per what: ¥3.50/斤. */
  unit?: string;
  size?: 'md' | 'lg';
  className?: string;
}

/** An amount of money from fen: ¥ with two decimals, then the unit. Never wraps inside itself. */
export function Money({ fen, unit, size = 'md', className = '' }: MoneyProps) {
  return (
    <Text className={`cc-money cc-money--${size} ${className}`}>
      <Text className="cc-money__amount">{formatFen(fen)}</Text>
      {unit && <Text className="cc-money__unit">/{unit}</Text>}
    </Text>
  );
}
