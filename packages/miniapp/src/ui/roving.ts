/**
 * One Tab stop for a row of choices (WAI-ARIA radio group and tabs): the chosen option is reachable with Tab, arrows,
 * Home and End move to another and choose it, Enter and Space choose the focused one. Used by RadioGroup and Tabs.
 */
import { useId } from 'react';

type Key = { key?: string; preventDefault?: () => void };

/** Where an arrow, Home or End moves from option `i` of `n` (wrapping, as the ARIA patterns do); null: not a move. */
function moveOf(key: string | undefined, i: number, n: number): number | null {
  if (key === 'ArrowRight' || key === 'ArrowDown') return (i + 1) % n;
  if (key === 'ArrowLeft' || key === 'ArrowUp') return (i - 1 + n) % n;
  if (key === 'Home') return 0;
  if (key === 'End') return n - 1;
  return null;
}

/** Focuses an option by its element id (H5); on a mini-program there is no keyboard and nothing to focus. */
function focusById(id: string) {
  const el = typeof document === 'undefined' ? null : (document.getElementById(id) as { focus?: () => void } | null);
  if (el && typeof el.focus === 'function') el.focus();
}

/** The index of the option that holds the Tab stop: the chosen one, or the first when none is. */
function tabStop<T>(values: T[], value: T | null): number {
  return Math.max(0, values.indexOf(value as T));
}

/**
 * The attributes of option `i` of a row of `values` where `value` is chosen: its element id, the tap and the keys.
 * Choosing calls `onChange` and moves the focus to the option (focus follows the choice). Taro's ViewProps do not
 * declare tabIndex and onKeyDown, which the H5 view passes to the element, so they come as a plain record.
 */
export function useRoving<T>(values: T[], value: T | null, onChange: (v: T) => void): (i: number) => Record<string, unknown> {
  const base = useId();
  const stop = tabStop(values, value);
  const choose = (i: number) => {
    if (i < 0 || i >= values.length) return;
    onChange(values[i] as T);
    focusById(`${base}-${i}`);
  };
  return (i) => ({
    id: `${base}-${i}`,
    tabIndex: i === stop ? 0 : -1,
    onClick: () => choose(i),
    onKeyDown: (e: Key) => {
      const to = e.key === 'Enter' || e.key === ' ' ? i : moveOf(e.key, i, values.length);
      if (to === null) return;
      e.preventDefault?.();
      choose(to);
    },
  });
}
