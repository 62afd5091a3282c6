import type { KioskParcel } from '@cc/shared';
import { CheckCircleIcon, ParcelIcon } from '../../components/Icons';
import { BigButton, Panel } from '../../ui';

/** As many parcels as fit one screen in both orientations; the rest follow once these are collected. */
export const SHOWN_MAX = 3;

export const itemsLine = (p: KioskParcel) => p.items.map((i) => `${i.name} ${i.quantity}${i.unit}`).join('，');

/** The parcels waiting here (the first SHOWN_MAX), each with its order number large and one 确认取件. */
export function Parcels(props: { parcels: KioskParcel[]; busy: string | null; onCollect: (task_id: string) => void }) {
  const { parcels, busy, onCollect } = props;
  if (parcels.length === 0)
    return (
      <Panel center testid="pickup-empty" icon={<ParcelIcon size={120} />}>
        <p className="panel__title">这里暂时没有您的包裹</p>
        <p className="panel__text">包裹送到服务站后，就可以来取。</p>
      </Panel>
    );
  const more = parcels.length - SHOWN_MAX;
  return (
    <>
      <p className="pickup-count" data-testid="pickup-count">
        您有 <strong>{parcels.length}</strong> 个包裹在这里
        {more > 0 ? `，先取这 ${SHOWN_MAX} 个` : ''}
      </p>
      <ul className="pickup-list" aria-label="等您取的包裹">
        {parcels.slice(0, SHOWN_MAX).map((p) => (
          <li key={p.task_id} className="parcel" data-testid="parcel">
            <p className="parcel__label">订单号</p>
            <p className="parcel__number" data-testid="parcel-number">
              {p.order_number}
            </p>
            <p className="parcel__seller">{p.seller}</p>
            <p className="parcel__items">{itemsLine(p)}</p>
            <BigButton
              tone="primary"
              wide
              className="parcel__collect"
              testid="collect"
              disabled={busy !== null}
              icon={<CheckCircleIcon size={44} />}
              label={busy === p.task_id ? '正在确认…' : '确认取件'}
              onClick={() => onCollect(p.task_id)}
            />
          </li>
        ))}
      </ul>
    </>
  );
}
