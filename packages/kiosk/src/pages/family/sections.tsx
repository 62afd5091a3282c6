import type { FamilyLinkRequest } from '@cc/shared';
import { DeleteIcon, PeopleIcon } from '../../components/Icons';
import { BigButton, Notice, Panel, PinDots, PinPad } from '../../ui';
import { PIN_LENGTH, whoWords, type Family } from './useFamily';

/** One linked family member, large: name, relation, since when, and 解除关联. */
function LinkedCard({ link, busy, onEnd }: { link: FamilyLinkRequest; busy: boolean; onEnd: () => void }) {
  return (
    <li className="proxy-card" data-testid="linked-family">
      <p className="proxy-card__who">
        您的{link.relation} <strong>{link.family_name}</strong>
      </p>
      <p className="proxy-card__where">可以为您下单，由您确认后付款</p>
      {link.family_phone_masked && <p className="proxy-card__where">手机 {link.family_phone_masked}</p>}
      <div className="proxy-card__actions">
        <BigButton testid="unlink" disabled={busy} icon={<DeleteIcon size={40} />} label="解除关联" onClick={onEnd} />
      </div>
    </li>
  );
}

/** The linked family members (at most four fit a screen; the rest after ending one), or that there is none. */
export function LinkedList({ f }: { f: Family }) {
  if (f.state.kind !== 'ready') return null;
  if (f.state.links.length === 0)
    return (
      <Panel center testid="family-empty" icon={<PeopleIcon size={120} />}>
        <p className="panel__title">没有关联的家人</p>
        <p className="panel__text">家人可以在小程序里申请关联，您在“家人代买”里同意后，他们就能为您下单。</p>
      </Panel>
    );
  return (
    <ul className="proxy-list family-list" aria-label="我的家人">
      {f.state.links.slice(0, 4).map((l) => (
        <LinkedCard key={l.id} link={l} busy={f.busy} onEnd={() => f.pick(l)} />
      ))}
    </ul>
  );
}

/** The PIN to end one link: who, what it means, the dots and the pad, 返回 keeps the link. */
export function UnlinkPin({ f, link }: { f: Family; link: FamilyLinkRequest }) {
  return (
    <Panel center className="pin proxy-pin">
      <p className="panel__title" data-testid="unlink-what">
        输入密码，解除与{whoWords(link)}的关联
      </p>
      <p className="panel__text">解除后，{link.family_name}不能再为您下单；等您确认的订单会取消。</p>
      {f.trouble && (
        <Notice tone="warn" testid="unlink-trouble">
          {f.trouble}
        </Notice>
      )}
      <PinDots length={PIN_LENGTH} filled={f.filled} />
      <PinPad length={PIN_LENGTH} filled={f.filled} busy={f.busy} onDigit={f.press} onDelete={f.erase} onConfirm={f.confirm} />
      <BigButton testid="unlink-back" label="返回，不解除" onClick={() => f.pick(null)} />
    </Panel>
  );
}
