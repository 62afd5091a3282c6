import { endCardSession } from '../../api';
import { CardIcon, CheckCircleIcon, LogoutIcon } from '../../components/Icons';
import { PAGES, goHome, replace } from '../../nav';
import { NoticeFrame } from '../../inbox/NoticeFrame';
import { BigButton, ErrorView, LoadingView, Notice } from '../../ui';
import { Parcels, SHOWN_MAX, itemsLine } from './sections';
import { usePickup, type Collected, type PickupState } from './usePickup';

/** "2703-0012" read digit by digit, as people read order numbers out. */
const spokenNumber = (n: string) =>
  n
    .split('')
    .map((c) => (c === '-' ? '杠' : c))
    .join(' ');

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
    <NoticeFrame title="取件" speech={speechFor(state, collected)} ready={state.kind !== 'loading'}>
      {collected && (
        <Notice tone="ok" role="status" className="pickup-done" testid="pickup-done">
          <CheckCircleIcon size={44} /> 已取件：订单 <strong>{collected.order_number}</strong>，请拿好您的包裹
        </Notice>
      )}
      {state.kind === 'loading' && <LoadingView text="正在查找您的包裹…" />}
      {state.kind === 'error' && (
        <ErrorView message={state.message} noticeTestid="pickup-error">
          <BigButton
            tone="primary"
            wide
            icon={state.sessionOver ? <CardIcon size={40} /> : undefined}
            label={state.sessionOver ? '重新刷卡' : '重试'}
            onClick={() => (state.sessionOver ? replace(`${PAGES.card}?next=pickup`) : void retry())}
          />
        </ErrorView>
      )}
      {state.kind === 'ready' && <Parcels parcels={state.parcels} busy={busy} onCollect={(id) => void collect(id)} />}
      {state.kind === 'ready' && (
        <BigButton
          wide
          className="pickup-logout"
          testid="logout"
          icon={<LogoutIcon size={40} />}
          label="取完了，退出"
          onClick={() => void endCardSession().then(goHome)}
        />
      )}
    </NoticeFrame>
  );
}
