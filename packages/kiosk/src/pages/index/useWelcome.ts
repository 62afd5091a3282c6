import { useCallback, useEffect, useState } from 'react';
import Taro from '@tarojs/taro';
import { routes, shanghaiDate, shanghaiWeekday } from '@cc/shared';
import { call, errorMessage, isUnauthorized } from '../../api';
import { AlertIcon, CardIcon, HelpCallIcon, ParcelIcon, WalletIcon } from '../../components/Icons';
import { cardUrl, go, goSetup, PAGES, pinUrl } from '../../nav';
import { BasketIcon } from '../shop/icons';
import { isCardNumber, useCardReader } from '../../reader';
import { setPendingCardNumber, startVisit, useCardSession } from '../../session';
import { StaffIcon } from '../staff/StaffIcon';
import { cacheContext, cachedContext, captureCredentialsFromUrl, getCredentials, type KioskContextData } from '../../terminal';

const WEEKDAYS = ['', '星期一', '星期二', '星期三', '星期四', '星期五', '星期六', '星期日'];

export function dateLine(d: Date): string {
  const [y, m, day] = shanghaiDate(d).split('-');
  return `${y}年${Number(m)}月${Number(day)}日 ${WEEKDAYS[shanghaiWeekday(d)]}`;
}

/**
 * Tiles of the welcome screen (刷卡登录 only while nobody is signed in). 呼叫帮助 and 查询余额 need card + PIN first (the card screen, which then comes back
 * to them), or go straight there while someone is signed in; 紧急求助 never waits for a login.
 */
export const TILES = [
  { key: 'card', label: '刷卡登录', hint: '市民卡登录', url: PAGES.card, signedInUrl: PAGES.card, Icon: CardIcon, tone: 'blue' },
  {
    key: 'call',
    label: '呼叫帮助',
    hint: '请服务站来帮忙',
    url: cardUrl('call'),
    signedInUrl: PAGES.call,
    Icon: HelpCallIcon,
    tone: 'green',
  },
  { key: 'sos', label: '紧急求助', hint: '紧急情况，不用刷卡', url: PAGES.sos, signedInUrl: PAGES.sos, Icon: AlertIcon, tone: 'red' },
  { key: 'balance', label: '查询余额', hint: '市民卡余额', url: PAGES.card, signedInUrl: PAGES.balance, Icon: WalletIcon, tone: 'purple' },
  { key: 'pickup', label: '取件', hint: '刷卡领取包裹', url: cardUrl('pickup'), signedInUrl: PAGES.pickup, Icon: ParcelIcon, tone: 'dark' },
  {
    key: 'staff',
    label: '找工作人员',
    hint: '请人到这台机器旁',
    url: PAGES.staff,
    signedInUrl: PAGES.staff,
    Icon: StaffIcon,
    tone: 'blue',
  },
  { key: 'shop', label: '买菜', hint: '再买一次、常买的', url: cardUrl('shop'), signedInUrl: PAGES.shop, Icon: BasketIcon, tone: 'green' },
  {
    key: 'approve',
    label: '家人代买',
    hint: '确认家人为您下的单',
    url: cardUrl('approve'),
    signedInUrl: PAGES.approve,
    Icon: CardIcon,
    tone: 'blue',
  },
] as const;

/** The terminal's community and station, fetched on start and retried every 30 s while the network is down. */
function useKioskContext(): { ctx: KioskContextData | null; error: string | null } {
  const [ctx, setCtx] = useState<KioskContextData | null>(() => cachedContext());
  const [error, setError] = useState<string | null>(null);
  const load = useCallback(async () => {
    captureCredentialsFromUrl();
    if (!getCredentials()) return goSetup();
    try {
      const fresh = await call(routes.kioskContext, {});
      cacheContext(fresh);
      setCtx(fresh);
      setError(null);
    } catch (e) {
      if (isUnauthorized(e)) return goSetup('invalid');
      setError(errorMessage(e));
    }
  }, []);
  useEffect(() => {
    void load();
  }, [load]);
  useEffect(() => {
    if (!error) return undefined;
    const t = setTimeout(() => void load(), 30_000);
    return () => clearTimeout(t);
  }, [error, load]);
  return { ctx, error };
}

/** The clock: re-render at the next minute boundary, not on a fixed interval. */
function useMinuteClock(): Date {
  const [now, setNow] = useState(() => new Date());
  useEffect(() => {
    const t = setTimeout(() => setNow(new Date()), 60_000 - (Date.now() % 60_000) + 50);
    return () => clearTimeout(t);
  }, [now]);
  return now;
}

/** Whether the screen on top of Taro's page stack is another one than this welcome screen. */
function otherScreenOnTop(): boolean {
  const top = Taro.getCurrentInstance().router?.path ?? '';
  return Object.values(PAGES).some((p) => p !== PAGES.home && top.startsWith(p));
}

export type WelcomeTile = (typeof TILES)[number];

/**
 * The welcome screen's state: the terminal's community (retried while the network is down), the clock, who is
 * signed in, the tiles to show, and a card laid on the reader, which goes straight on to the PIN.
 */
export function useWelcome() {
  const { ctx, error } = useKioskContext();
  const now = useMinuteClock();
  const signedIn = useCardSession();
  useEffect(() => startVisit(), []);
  // A card laid on the reader here is a login: straight on to the PIN, no 刷卡登录 press first. Taro keeps this page
  // (hidden) under the ones opened from it, so it reads a card only while no other screen is on top.
  useCardReader((digits) => {
    if (otherScreenOnTop() || signedIn || !isCardNumber(digits)) return;
    setPendingCardNumber(digits);
    go(pinUrl('balance'));
  });

  const community = ctx?.community;
  const tiles: WelcomeTile[] = TILES.filter((t) => !(signedIn && t.key === 'card'));
  const speech = community
    ? `欢迎使用${community.name}便民服务终端。${signedIn ? '' : '刷市民卡就能登录。'}请选择：${tiles.map((t) => t.label).join('，')}。服务热线 ${community.hotline}。`
    : '欢迎使用社区便民服务终端。';
  return { ctx, error, now, signedIn, tiles, speech };
}
