import { useCallback, useEffect, useRef, useState } from 'react';

const ACTIVITY_EVENTS = ['pointerdown', 'keydown', 'touchstart', 'wheel'] as const;

export interface IdleState {
  /** The warning is showing. */
  warning: boolean;
  /** Whole seconds left before `onExpire`, while warning. */
  secondsLeft: number;
  /** "继续使用": start counting again from now. */
  extend(): void;
}

/**
 * Idle timeout with a warning first. After `warnAfterS` seconds without a touch or key the
 * warning shows with a countdown; any touch (or the "继续使用" button) extends; at zero
 * `onExpire` runs (later: end the person's kiosk session; now: back to the welcome screen).
 * Timers are one-shot and re-armed on activity, so nothing runs while the screen is in use.
 */
export function useIdle(opts: { enabled: boolean; warnAfterS: number; graceS: number; onExpire: () => void }): IdleState {
  const { enabled, warnAfterS, graceS } = opts;
  const onExpire = useRef(opts.onExpire);
  onExpire.current = opts.onExpire;
  const [deadline, setDeadline] = useState<number | null>(null);
  const [now, setNow] = useState(() => Date.now());
  const warnTimer = useRef<ReturnType<typeof setTimeout>>();

  const arm = useCallback(() => {
    clearTimeout(warnTimer.current);
    setDeadline(null);
    if (!enabled) return;
    warnTimer.current = setTimeout(() => {
      setNow(Date.now());
      setDeadline(Date.now() + graceS * 1000);
    }, warnAfterS * 1000);
  }, [enabled, warnAfterS, graceS]);

  useEffect(() => {
    arm();
    if (!enabled) return undefined;
    const onActivity = () => arm();
    ACTIVITY_EVENTS.forEach((e) => window.addEventListener(e, onActivity, { passive: true, capture: true }));
    return () => {
      clearTimeout(warnTimer.current);
      ACTIVITY_EVENTS.forEach((e) => window.removeEventListener(e, onActivity, { capture: true }));
    };
  }, [arm, enabled]);

  // While warning: tick once a second for the countdown, and expire at the deadline.
  useEffect(() => {
    if (deadline === null) return undefined;
    if (now >= deadline) {
      setDeadline(null);
      onExpire.current();
      return undefined;
    }
    const t = setTimeout(() => setNow(Date.now()), Math.min(1000, deadline - now));
    return () => clearTimeout(t);
  }, [deadline, now]);

  return {
    warning: deadline !== null,
    secondsLeft: deadline === null ? 0 : Math.max(0, Math.ceil((deadline - now) / 1000)),
    extend: arm,
  };
}
