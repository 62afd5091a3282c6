import type { KioskParcel } from '@cc/shared';
import { Frame } from '../../components/Frame';
import { endCardSession } from '../../api';
import { CardIcon, CheckCircleIcon, LogoutIcon, ParcelIcon } from '../../components/Icons';
import { PAGES, goHome, replace } from '../../nav';
import { usePickup, type Collected, type PickupState } from './usePickup';

/** As many parcels as fit one screen in both orientations; the rest follow once these are collected. */
const SHOWN_MAX = 3;

/** "2703-0012" read digit by digit, as people read order numbers out. */
const spokenNumber = (n: string) =>
  n
    .split('')
    .map((c) => (c === '-' ? '杠' : c))
    .join(' ');
const itemsLine = (p: KioskParcel) => p.items.map((i) => `${i.name} ${i.quantity}${i.unit}`).join('，');

function speechFor(state: PickupState, collected: Collected): string {
  const done = collected ? `已取件，订单 ${spokenNumber(collected.order_number)}，请拿好您的包裹。` : '';
  if (state.kind === 'loading') return `${done}正在查找您的包裹，请稍候。`;
  if (state.kind === 'error') return `${done}${state.message}。${state.sessionOver ? '请重新刷卡。' : '请点重试。'}`;
  if (state.parcels.length === 0) return `${done}这里暂时没有您的包裹。`;
  const list = state.parcels
    .slice(0, SHOWN_MAX)
    .map((p) => `订单 ${spokenNumber(p.order_number)}，${p.seller}，${itemsLine(p)}`)
    .join('；');
  return `${done}您有 ${state.parcels.length} 个包裹在这里等您：${list}。核对无误后，请点确认取件。`;
}

/** 取件: after card login, the parcels waiting at this station, each with one big 确认取件; confirmation written and spoken. */
export default function PickupPage() {
  const { state, collected, busy, collect, retry } = usePickup();
  return (
    <Frame title="取件" speech={speechFor(state, collected)}>
      {collected && (
        <p className="notice pickup-done" role="status" data-testid="pickup-done">
          <CheckCircleIcon size={44} /> 已取件：订单 <strong>{collected.order_number}</strong>，请拿好您的包裹
        </p>
      )}
      {state.kind === 'loading' && (
        <section className="panel panel--center" aria-live="polite">
          <p className="panel__title">正在查找您的包裹…</p>
        </section>
      )}
      {state.kind === 'error' && (
        <section className="panel panel--center">
          <p className="notice notice--error" role="alert" data-testid="pickup-error">
            {state.message}
          </p>
          <button
            type="button"
            className="kbtn kbtn--primary kbtn--wide"
            onClick={() => (state.sessionOver ? replace(`${PAGES.card}?next=pickup`) : void retry())}
          >
            {state.sessionOver && <CardIcon size={40} />}
            <span>{state.sessionOver ? '重新刷卡' : '重试'}</span>
          </button>
        </section>
      )}
      {state.kind === 'ready' && <Parcels parcels={state.parcels} busy={busy} onCollect={(id) => void collect(id)} />}
      {state.kind === 'ready' && (
        <button
          type="button"
          className="kbtn kbtn--wide pickup-logout"
          data-testid="logout"
          onClick={() => void endCardSession().then(goHome)}
        >
          <LogoutIcon size={40} />
          <span>取完了，退出</span>
        </button>
      )}
    </Frame>
  );
}

function Parcels(props: { parcels: KioskParcel[]; busy: string | null; onCollect: (task_id: string) => void }) {
  const { parcels, busy, onCollect } = props;
  if (parcels.length === 0)
    return (
      <section className="panel panel--center" data-testid="pickup-empty">
        <span className="panel__icon">
          <ParcelIcon size={120} />
        </span>
        <p className="panel__title">这里暂时没有您的包裹</p>
        <p className="panel__text">包裹送到服务站后，就可以来取。</p>
      </section>
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
            <button
              type="button"
              className="kbtn kbtn--primary kbtn--wide parcel__collect"
              data-testid="collect"
              disabled={busy !== null}
              onClick={() => onCollect(p.task_id)}
            >
              <CheckCircleIcon size={44} />
              <span>{busy === p.task_id ? '正在确认…' : '确认取件'}</span>
            </button>
          </li>
        ))}
      </ul>
    </>
  );
}
