import { CardErrorView } from '../../components/CardErrorView';
import { CheckCircleIcon } from '../../components/Icons';
import { NoticeFrame } from '../../inbox/NoticeFrame';
import { LoadingView, Notice } from '../../ui';
import { LinkedList, UnlinkPin } from './sections';
import { useFamily, whoWords, type Family } from './useFamily';
import '../approve/approve.css';

function speechFor(f: Family): string {
  const done = f.done ? `${f.done}。` : '';
  if (f.ending) return `${f.trouble ? `${f.trouble}。` : ''}解除与${whoWords(f.ending)}的关联，请输入 6 位密码，然后点确认。`;
  if (f.state.kind === 'loading') return '正在查找，请稍候。';
  if (f.state.kind === 'error') return `${f.state.message}。${f.state.sessionOver ? '请重新刷卡。' : '请点重试。'}`;
  if (f.state.links.length === 0) return `${done}没有关联的家人。`;
  return `${done}${f.state.links.map(whoWords).join('，')}可以为您下单。要解除关联，请点解除关联。`;
}

/** 我的家人: who may shop for the card holder, read aloud; 解除关联 with the PIN, then said what it means. */
export default function FamilyPage() {
  const f = useFamily();
  const { state } = f;
  return (
    <NoticeFrame title="我的家人" speech={speechFor(f)} ready={state.kind !== 'loading'}>
      {f.done && (
        <Notice tone="ok" role="status" testid="unlink-done">
          <CheckCircleIcon size={44} /> {f.done}
        </Notice>
      )}
      {state.kind === 'loading' && <LoadingView text="正在查找…" />}
      {state.kind === 'error' && (
        <CardErrorView
          message={state.message}
          sessionOver={state.sessionOver}
          next="family"
          testid="family-error"
          onRetry={() => void f.retry()}
        />
      )}
      {state.kind === 'ready' && (f.ending ? <UnlinkPin f={f} link={f.ending} /> : <LinkedList f={f} />)}
    </NoticeFrame>
  );
}
