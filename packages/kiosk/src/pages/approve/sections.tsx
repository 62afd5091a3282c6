import { formatFen, type FamilyLinkRequest, type ProxyOrder } from '@cc/shared';
import { CheckCircleIcon, DeleteIcon, ParcelIcon } from '../../components/Icons';
import { BigButton, Notice, Panel, PinDots, PinPad } from '../../ui';
import { PIN_LENGTH, type Approve, type Chosen } from './useApprove';

/** An order a family member placed: who, what, how much and where, large; 同意并付款 or 不要了. */
export function OrderCard({
  order,
  busy,
  onChoose,
  onDecline,
}: {
  order: ProxyOrder;
  busy: boolean;
  onChoose: () => void;
  onDecline: () => void;
}) {
  // 我来付: the family member paid already; agreeing only accepts the goods (no PIN, nothing from the card).
  const familyPaid = order.family_payment === 'paid';
  return (
    <li className="proxy-card" data-testid="proxy-order">
      <p className="proxy-card__who">
        您的{order.relation} <strong>{order.family_name}</strong> 为您下单
      </p>
      <p className="proxy-card__items">{order.items.map((i) => `${i.name} ${i.quantity}${i.unit}`).join('，')}</p>
      <p className="proxy-card__where">{order.delivery_words}</p>
      <p className="proxy-card__total" data-testid="proxy-total">
        共 {formatFen(order.total_fen)}
      </p>
      {familyPaid && (
        <p className="proxy-card__where" data-testid="proxy-family-paid">
          已由家人付款，不用您付钱
        </p>
      )}
      <div className="proxy-card__actions">
        <BigButton
          tone="primary"
          wide
          testid="proxy-approve"
          disabled={busy}
          icon={<CheckCircleIcon size={44} />}
          label={familyPaid ? '同意收货' : '同意并付款'}
          onClick={onChoose}
        />
        <BigButton testid="proxy-decline" disabled={busy} icon={<DeleteIcon size={40} />} label="不要了" onClick={onDecline} />
      </div>
    </li>
  );
}

/** A family member asking to be linked: 同意 (with the PIN) or 不同意. */
export function LinkCard({
  link,
  busy,
  onChoose,
  onDecline,
}: {
  link: FamilyLinkRequest;
  busy: boolean;
  onChoose: () => void;
  onDecline: () => void;
}) {
  return (
    <li className="proxy-card" data-testid="link-request">
      <p className="proxy-card__who">
        您的{link.relation} <strong>{link.family_name}</strong> 申请帮您买东西
      </p>
      {link.family_phone_masked && <p className="proxy-card__where">手机 {link.family_phone_masked}</p>}
      <div className="proxy-card__actions">
        <BigButton
          tone="primary"
          wide
          testid="link-approve"
          disabled={busy}
          icon={<CheckCircleIcon size={44} />}
          label="同意"
          onClick={onChoose}
        />
        <BigButton testid="link-decline" disabled={busy} icon={<DeleteIcon size={40} />} label="不同意" onClick={onDecline} />
      </div>
    </li>
  );
}

/** Everything waiting: orders first (at most two fit), then link requests. */
export function WaitingList({ a }: { a: Approve }) {
  if (a.state.kind !== 'ready') return null;
  const { orders, links } = a.state;
  if (orders.length + links.length === 0)
    return (
      <Panel center testid="approve-empty" icon={<ParcelIcon size={120} />}>
        <p className="panel__title">没有等您确认的家人代买</p>
      </Panel>
    );
  return (
    <ul className="proxy-list" aria-label="等您确认的家人代买">
      {orders.slice(0, 2).map((o) => (
        <OrderCard
          key={o.id}
          order={o}
          busy={a.busy}
          onChoose={() => (o.family_payment === 'paid' ? a.accept(o) : a.choose({ kind: 'order', order: o }))}
          onDecline={() => a.decline({ kind: 'order', order: o })}
        />
      ))}
      {links.slice(0, Math.max(0, 2 - orders.length)).map((l) => (
        <LinkCard
          key={l.id}
          link={l}
          busy={a.busy}
          onChoose={() => a.choose({ kind: 'link', link: l })}
          onDecline={() => a.decline({ kind: 'link', link: l })}
        />
      ))}
    </ul>
  );
}

/** The PIN for what was chosen: what it is for, the dots and the pad, 返回 to the list. */
export function PinStep({ a, chosen }: { a: Approve; chosen: NonNullable<Chosen> }) {
  const what =
    chosen.kind === 'order' ? `付款 ${formatFen(chosen.order.total_fen)}` : `同意${chosen.link.relation}${chosen.link.family_name}的申请`;
  return (
    <Panel center className="pin proxy-pin">
      <p className="panel__title" data-testid="approve-what">
        输入密码，{what}
      </p>
      {a.trouble && (
        <Notice tone="warn" testid="approve-trouble">
          {a.trouble}
        </Notice>
      )}
      <PinDots length={PIN_LENGTH} filled={a.filled} />
      <PinPad length={PIN_LENGTH} filled={a.filled} busy={a.busy} onDigit={a.press} onDelete={a.erase} onConfirm={a.confirm} />
      <BigButton testid="approve-back" label="返回" onClick={() => a.choose(null)} />
    </Panel>
  );
}
