import type { ReactNode } from 'react';

export type BigButtonTone = 'plain' | 'primary' | 'danger';

export interface BigButtonProps {
  label: ReactNode;
  /** An icon before the words (never alone: the words are always written). */
  icon?: ReactNode;
  /** plain: white with a black border; primary: blue; danger: red (紧急求助 and its retries). */
  tone?: BigButtonTone;
  /** The large button of a screen's main action (96 px high, 360 px wide at least). */
  wide?: boolean;
  /** A button of the top bar. */
  bar?: boolean;
  /** A toggle: aria-pressed, and drawn inverted while on. */
  pressed?: boolean;
  /** The screen this button opens is the one showing (aria-current="page"). */
  current?: boolean;
  disabled?: boolean;
  type?: 'button' | 'submit';
  className?: string;
  testid?: string;
  onClick?: () => void;
}

export interface ActionsProps {
  children: ReactNode;
}
