import { formatFen } from '@cc/shared';
import type { MoneyLineProps } from './types';
import './index.css';

export type { MoneyLineProps } from './types';

/** One payment in a list: what and when on the left, the amount (¥, from fen) large on the right. */
export function MoneyLine({ what, when, amount_fen }: MoneyLineProps) {
  return (
    <li className="payment">
      <span className="payment__what">{what}</span>
      <span className="payment__when">{when}</span>
      <span className="payment__amount">{formatFen(amount_fen)}</span>
    </li>
  );
}
