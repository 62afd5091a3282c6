import { CardIcon, HelpCallIcon, ParcelIcon } from '../../components/Icons';
import { Frame, Notice, Panel } from '../../ui';
import { useCard } from './useCard';

/**
 * 刷卡登录 (also where 查询余额, 呼叫帮助 and 取件 start; `?next=call` returns to 呼叫帮助 after the PIN): why a card
 * is needed, where the reader is, and a notice when a card was not read.
 */
export default function CardPage() {
  const { next, unreadable, speech } = useCard();
  const forCall = next === 'call';

  return (
    <Frame title="刷卡登录" speech={speech}>
      <Panel center live="polite" icon={<CardIcon size={120} />}>
        {forCall && (
          <p className="panel__text panel__text--strong" data-testid="login-for-call">
            <HelpCallIcon size={36} /> 呼叫帮助要先刷卡，服务站才知道您的住址
          </p>
        )}
        {next === 'pickup' && (
          <p className="panel__text panel__text--strong" data-testid="login-for-pickup">
            <ParcelIcon size={36} /> 取件要先刷卡，确认是您本人的包裹
          </p>
        )}
        <p className="panel__title">请把市民卡放到读卡器上</p>
        {unreadable && <Notice testid="card-unreadable">没有读清卡号，请把市民卡重新放到读卡器上。</Notice>}
        <p className="panel__text">读卡器在屏幕下方，听到“嘀”一声即可。</p>
      </Panel>
    </Frame>
  );
}
