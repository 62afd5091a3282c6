import { CheckIcon, DeleteIcon } from '../../components/Icons';
import type { PinPadProps } from './types';
import './index.css';

export type { PinPadProps } from './types';

const KEYS = ['1', '2', '3', '4', '5', '6', '7', '8', '9'] as const;

/** Dots for the digits typed: always drawn (an empty ring each), filled as she types. */
export function PinDots({ length, filled }: Pick<PinPadProps, 'length' | 'filled'>) {
  return (
    <div className="pin-dots" role="status" aria-label={`已输入 ${filled} 位`} data-testid="pin-dots" data-filled={filled}>
      {Array.from({ length }, (_, i) => (
        <span key={i} className={`pin-dot ${i < filled ? 'pin-dot--filled' : ''}`} />
      ))}
    </div>
  );
}

/** The large on-screen number pad: 1–9, 删除, 0, 确认 (on only when every digit is typed). */
export function PinPad({ length, filled, busy, onDigit, onDelete, onConfirm }: PinPadProps) {
  const digit = (k: string) => (
    <button key={k} type="button" className="pin-key" data-key={k} disabled={busy} onClick={() => onDigit(k)}>
      {k}
    </button>
  );
  return (
    <div className="pin-pad" data-testid="pin-pad">
      {KEYS.map(digit)}
      <button type="button" className="pin-key pin-key--action" data-key="delete" disabled={busy || filled === 0} onClick={onDelete}>
        <DeleteIcon size={40} />
        <span>删除</span>
      </button>
      {digit('0')}
      <button
        type="button"
        className="pin-key pin-key--confirm"
        data-key="confirm"
        disabled={busy || filled !== length}
        onClick={onConfirm}
      >
        <CheckIcon size={40} />
        <span>{busy ? '请稍候' : '确认'}</span>
      </button>
    </div>
  );
}
