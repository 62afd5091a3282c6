import { useCallback, useEffect, useRef, useState } from 'react';
import Taro, { useDidHide, useDidShow } from '@tarojs/taro';
import { ApiError, routes } from '@cc/shared';
import { call } from '../../api';

/** How often a courier holding tasks reports where they are (the buyer's tracking and the route start from it). */
export const POSITION_EVERY_MS = 30_000;

/** Refusals that only mean "this fix was not kept" (a jump, a late fix, too many): the next one will do. */
const QUIET = (e: unknown) => e instanceof ApiError && (e.code === 'position_jump' || e.code === 'position_stale' || e.status === 429);

/** The browser has no GCJ-02 (Taro's H5 getLocation refuses it); the mini-program's map coordinates are GCJ-02. */
const COORDS = process.env.TARO_ENV === 'h5' ? 'wgs84' : 'gcj02';

const denied = (e: unknown) => /deny|denied|auth|permission/i.test((e as { errMsg?: string; message?: string })?.errMsg ?? String(e));

/** One fix from the device, posted; false when the courier has refused the location permission. */
async function reportOnce(): Promise<boolean> {
  let fix: { latitude: number; longitude: number };
  try {
    fix = await Taro.getLocation({ type: COORDS });
  } catch (e) {
    return !denied(e);
  }
  try {
    await call(routes.reportMyPosition, { body: { lat: fix.latitude, lng: fix.longitude, coord: COORDS } });
  } catch (e) {
    // Other failures (offline, off duty) are not the courier's to act on here: the page's own calls show them.
    if (!QUIET(e)) console.warn('position not reported', e instanceof ApiError ? e.code : e);
  }
  return true;
}

/**
 * Reports the courier's position about every 30 s while the page is shown and `holding` (they hold ≥ 1 task). Returns
 * a short notice when the location permission is refused (shown once; reporting then stops until the page is shown
 * again).
 */
export function usePosition(holding: boolean): string | null {
  const [shown, setShown] = useState(true);
  const [notice, setNotice] = useState<string | null>(null);
  const timer = useRef<ReturnType<typeof setTimeout> | null>(null);
  useDidShow(() => setShown(true));
  useDidHide(() => setShown(false));

  const stop = useCallback(() => {
    if (timer.current) clearTimeout(timer.current);
    timer.current = null;
  }, []);
  useEffect(() => {
    if (!shown || !holding) return stop;
    let live = true;
    const tick = async () => {
      const allowed = await reportOnce();
      if (!live) return;
      if (!allowed) return setNotice('未开启定位权限，买家看不到您的位置。请在设置中允许使用位置信息。');
      setNotice(null);
      timer.current = setTimeout(() => void tick(), POSITION_EVERY_MS);
    };
    void tick();
    return () => {
      live = false;
      stop();
    };
  }, [shown, holding, stop]);
  return notice;
}
