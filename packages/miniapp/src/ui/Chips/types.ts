export interface ChipOption<T extends string> {
  value: T;
  label: string;
  disabled?: boolean;
  /** Marked apart in the danger colour (紧急求助 among the services). */
  danger?: boolean;
  /** The chip's own class, for the page's suites and layout. */
  className?: string;
}

export interface ChipsProps<T extends string> {
  options: ChipOption<T>[];
  /** The chosen value; an array when several can be on (then each chip is a checkbox, not a radio). */
  value: T | T[] | null;
  /** The tapped chip's value; the caller decides what that does to the choice. */
  onChange(v: T): void;
  /** Several on at once: checkboxes, and a ✓ before the chosen ones' words. */
  multi?: boolean;
  className?: string;
  small?: boolean;
}
