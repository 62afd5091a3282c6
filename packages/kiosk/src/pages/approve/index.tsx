import { CardIcon, CheckCircleIcon, PeopleIcon } from '../../components/Icons';
import { go, PAGES, replace } from '../../nav';
import { NoticeFrame } from '../../inbox/NoticeFrame';
import { BigButton, ErrorView, LoadingView, Notice } from '../../ui';
import { PinStep, WaitingList } from './sections';
import { orderWords, useApprove, type Approve } from './useApprove';
import './approve.css';

function speechFor(a: Approve): string {
  const done = a.done ? `${a.done}。` : '';
  if (a.chosen) return `${a.trouble ? `${a.trouble}。` : ''}请输入 6 位密码，然后点确认。`;
  if (a.state.kind === 'loading') return `${done}正在查找，请稍候。`;
  if (a.state.kind === 'error') return `${done}${a.state.message}。${a.state.sessionOver ? '请重新刷卡。' : '请点重试。'}`;
  const { orders, links } = a.state;
  if (orders.length + links.length === 0) return `${done}没有等您确认的家人代买。`;
  const said = orders.map(orderWords);
  const asked = links.map((l) => `您的${l.relation}${l.family_name}申请帮您买东西`);
  return `${done}${[...said, ...asked].join('；')}。同意请点同意，不要请点不要了。`;
}

/** 家人代买: orders family members placed for the card holder and their link requests, read aloud; approve with the PIN. */
export default function ApprovePage() {
  const a = useApprove();
  return (
    <NoticeFrame title="家人代买" speech={speechFor(a)} ready={a.state.kind !== 'loading'}>
      {a.done && (
        <Notice tone="ok" role="status" testid="approve-done">
          <CheckCircleIcon size={44} /> {a.done}
        </Notice>
      )}
      {a.state.kind === 'loading' && <LoadingView text="正在查找…" />}
      {a.state.kind === 'error' && (
        <ErrorView message={a.state.message} noticeTestid="approve-error">
          <BigButton
            tone="primary"
            wide
            icon={a.state.sessionOver ? <CardIcon size={40} /> : undefined}
            label={a.state.sessionOver ? '重新刷卡' : '重试'}
            onClick={() => (a.state.kind === 'error' && a.state.sessionOver ? replace(`${PAGES.card}?next=approve`) : void a.retry())}
          />
        </ErrorView>
      )}
      {a.state.kind === 'ready' && (a.chosen ? <PinStep a={a} chosen={a.chosen} /> : <WaitingList a={a} />)}
      {a.state.kind === 'ready' && !a.chosen && (
        <BigButton
          testid="open-family"
          wide
          icon={<PeopleIcon size={40} />}
          label="我的家人（解除关联）"
          onClick={() => go(PAGES.family)}
        />
      )}
    </NoticeFrame>
  );
}
