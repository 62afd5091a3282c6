import type { ReactNode } from 'react';

export interface RadioOption<T extends string> {
  value: T;
  /** What the option shows (words, a star, a card of facts). */
  content: ReactNode;
  /** The accessible name when the content is not words (a star says 「4 星」). */
  label?: string;
  /** Extra attributes of the option's element: its class, data-* for the suites. */
  className?: string;
  data?: Record<`data-${string}`, string>;
}

export interface RadioGroupProps<T extends string> {
  /** Names the group for screen readers (aria-label of the radiogroup). */
  label: string;
  options: RadioOption<T>[];
  value: T | null;
  onChange(v: T): void;
  className?: string;
  /** The class each option carries, and `<itemClass>--on` on the chosen one (the area's own look). */
  itemClass: string;
  testid?: string;
}
