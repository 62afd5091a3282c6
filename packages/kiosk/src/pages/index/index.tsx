import { useCallback, useEffect, useState } from 'react';
import Taro from '@tarojs/taro';
import { routes, shanghaiDate, shanghaiTime, shanghaiWeekday } from '@cc/shared';
import { call, endCardSession, errorMessage, isUnauthorized } from '../../api';
import { Frame } from '../../components/Frame';
import { AlertIcon, CardIcon, HelpCallIcon, LogoutIcon, ParcelIcon, WalletIcon } from '../../components/Icons';
import { cardUrl, go, goSetup, PAGES, pinUrl } from '../../nav';
import { isCardNumber, useCardReader } from '../../reader';
import { setPendingCardNumber, startVisit, useCardSession, type CardSession } from '../../session';
import { cacheContext, cachedContext, captureCredentialsFromUrl, getCredentials, type KioskContextData } from '../../terminal';

const WEEKDAYS = ['', '星期一', '星期二', '星期三', '星期四', '星期五', '星期六', '星期日'];

function dateLine(d: Date): string {
  const [y, m, day] = shanghaiDate(d).split('-');
  return `${y}年${Number(m)}月${Number(day)}日 ${WEEKDAYS[shanghaiWeekday(d)]}`;
}

/**
 * Tiles of the welcome screen (刷卡登录 only while nobody is signed in). 呼叫帮助 and 查询余额 need card + PIN first (the card screen, which then comes back
 * to them), or go straight there while someone is signed in; 紧急求助 never waits for a login.
 */
const TILES = [
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

export default function WelcomePage() {
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
  const tiles = TILES.filter((t) => !(signedIn && t.key === 'card'));
  const speech = community
    ? `欢迎使用${community.name}便民服务终端。${signedIn ? '' : '刷市民卡就能登录。'}请选择：${tiles.map((t) => t.label).join('，')}。服务热线 ${community.hotline}。`
    : '欢迎使用社区便民服务终端。';

  return (
    <Frame title="社区便民服务终端" speech={speech} home>
      <section className="welcome-head">
        <div>
          <p className="welcome-head__community" data-testid="community-name">
            {community?.name ?? '正在连接服务…'}
          </p>
          {ctx?.station && <p className="welcome-head__station">{ctx.station.name}</p>}
        </div>
        <div className="welcome-head__clock" aria-label="现在时间">
          <p className="welcome-head__time">{shanghaiTime(now)}</p>
          <p className="welcome-head__date">{dateLine(now)}</p>
        </div>
      </section>
      {error && (
        <p className="notice notice--error" role="alert">
          {error}（会自动重试）
        </p>
      )}
      {signedIn ? (
        <SignedIn person={signedIn} />
      ) : (
        <p className="welcome-card-hint" data-testid="card-hint">
          <CardIcon size={40} /> 把市民卡放到读卡器上，就能登录
        </p>
      )}
      <nav className={`tiles tiles--${tiles.length}`} aria-label="主要功能">
        {tiles.map(({ key, label, hint, url, signedInUrl, Icon, tone }) => (
          <button
            key={key}
            type="button"
            className={`tile tile--${tone}`}
            data-testid={`tile-${key}`}
            onClick={() => go(signedIn ? signedInUrl : url)}
          >
            <Icon size={104} />
            <span className="tile__label">{label}</span>
            <span className="tile__hint">{hint}</span>
          </button>
        ))}
      </nav>
      {community && (
        <p className="hotline">
          <HelpCallIcon size={32} />
          <span>
            服务热线 <strong data-testid="hotline">{community.hotline}</strong>
          </span>
        </p>
      )}
    </Frame>
  );
}

function SignedIn({ person }: { person: CardSession }) {
  return (
    <section className="signed-in" data-testid="signed-in">
      <p>
        <CardIcon size={40} /> {person.holder_name} 已登录
      </p>
      <button type="button" className="kbtn" data-testid="logout" onClick={() => void endCardSession()}>
        <LogoutIcon size={36} />
        <span>退出</span>
      </button>
    </section>
  );
}
