import { shanghaiTime } from '@cc/shared';
import { endCardSession } from '../../api';
import { CardIcon, HelpCallIcon, LogoutIcon } from '../../components/Icons';
import { go } from '../../nav';
import type { CardSession } from '../../session';
import type { KioskContextData } from '../../terminal';
import { BigButton, Tile } from '../../ui';
import { dateLine, type WelcomeTile } from './useWelcome';

/** The community and station on the left, the time and date large on the right. */
export function WelcomeHead({ ctx, now }: { ctx: KioskContextData | null; now: Date }) {
  return (
    <section className="welcome-head">
      <div>
        <p className="welcome-head__community" data-testid="community-name">
          {ctx?.community.name ?? '正在连接服务…'}
        </p>
        {ctx?.station && <p className="welcome-head__station">{ctx.station.name}</p>}
      </div>
      <div className="welcome-head__clock" aria-label="现在时间">
        <p className="welcome-head__time">{shanghaiTime(now)}</p>
        <p className="welcome-head__date">{dateLine(now)}</p>
      </div>
    </section>
  );
}

export function SignedIn({ person }: { person: CardSession }) {
  return (
    <section className="signed-in" data-testid="signed-in">
      <p>
        <CardIcon size={40} /> {person.holder_name} 已登录
      </p>
      <BigButton testid="logout" icon={<LogoutIcon size={36} />} label="退出" onClick={() => void endCardSession()} />
    </section>
  );
}

export function CardHint() {
  return (
    <p className="welcome-card-hint" data-testid="card-hint">
      <CardIcon size={40} /> 把市民卡放到读卡器上，就能登录
    </p>
  );
}

/** The main functions as large tiles; signed in, 呼叫帮助/查询余额/取件 go straight there. */
export function Tiles({ tiles, signedIn }: { tiles: WelcomeTile[]; signedIn: boolean }) {
  return (
    <nav className={`tiles tiles--${tiles.length}`} aria-label="主要功能">
      {tiles.map(({ key, label, hint, url, signedInUrl, Icon, tone }) => (
        <Tile
          key={key}
          tone={tone}
          label={label}
          hint={hint}
          icon={<Icon size={104} />}
          testid={`tile-${key}`}
          onClick={() => go(signedIn ? signedInUrl : url)}
        />
      ))}
    </nav>
  );
}

export function HotlineFooter({ hotline }: { hotline: string }) {
  return (
    <p className="hotline">
      <HelpCallIcon size={32} />
      <span>
        服务热线 <strong data-testid="hotline">{hotline}</strong>
      </span>
    </p>
  );
}
