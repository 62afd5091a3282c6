import { AlertIcon, BackIcon, CheckCircleIcon, HomeIcon, RetryIcon } from '../../components/Icons';
import { goHome } from '../../nav';
import { Actions, BigButton, HotlineBig, Notice, Panel } from '../../ui';

/** Asks once, on the whole screen: 确认求助 (very large, red) or 取消. */
export function SosAsk(props: { place: string; signedIn: boolean; onConfirm: () => void }) {
  return (
    <Panel center className="sos" testid="sos-ask" icon={<AlertIcon size={128} />} iconTone="danger">
      <p className="sos__question">您需要紧急帮助吗？</p>
      <p className="panel__text">
        按“确认求助”，<strong>{props.place}</strong>的值班人员
        <br />
        会马上收到，赶来帮您。
      </p>
      {!props.signedIn && <p className="panel__text panel__text--strong">不用刷卡，也不用输入密码。</p>}
      <div className="sos__choices">
        <button type="button" className="sos-btn sos-btn--go" data-testid="sos-confirm" onClick={props.onConfirm}>
          <AlertIcon size={72} />
          <span>确认求助</span>
        </button>
        <button type="button" className="sos-btn sos-btn--cancel" data-testid="sos-cancel" onClick={goHome}>
          <BackIcon size={72} />
          <span>取消</span>
        </button>
      </div>
      <p className="panel__text">
        危及生命请直接拨打 <strong>120</strong>
      </p>
    </Panel>
  );
}

export function SosSending() {
  return (
    <Panel center live="polite" busy testid="sos-sending" icon={<AlertIcon size={128} />} iconTone="danger">
      <p className="sos__question">正在发出求助…</p>
      <p className="panel__text">请稍候，不用再按。</p>
    </Panel>
  );
}

/**
 * Help is coming: raised now (`sent`), or already open — by her during this visit (`mine`) or by someone before her,
 * who then may add her own (我也需要帮助).
 */
export function SosDone(props: { already: { mine: boolean } | null; hotline: string | null; onAgain: () => void }) {
  const { already, hotline } = props;
  return (
    <Panel center className="sos-done" testid="sos-sent" role="status" icon={<CheckCircleIcon size={128} />} iconTone="ok">
      <p className="sos-done__title" data-testid="sos-done-title">
        {!already ? '求助已发出' : already.mine ? '您刚才已经求助过' : '这台终端刚才已有人求助'}
      </p>
      <p className="sos-done__text" data-testid="sos-coming">
        {!already ? '马上有人来帮您' : '服务站已经收到，马上有人来帮您'}
        <br />
        请在这里等候
      </p>
      {hotline && <HotlineBig hotline={hotline} testid="sos-hotline" />}
      <p className="panel__text panel__text--strong">
        危及生命请拨打 <strong>120</strong>
      </p>
      <Actions>
        {already && (
          <BigButton
            tone="danger"
            wide
            testid="sos-again"
            icon={<AlertIcon size={40} />}
            label={already.mine ? '再次通知服务站' : '我也需要帮助'}
            onClick={props.onAgain}
          />
        )}
        <BigButton wide testid="sos-home" icon={<HomeIcon size={40} />} label="返回首页" onClick={goHome} />
      </Actions>
    </Panel>
  );
}

/** The call did not go out (or the network is slow): the hotline very large, 120 and 110, and 再试一次. */
export function SosFailed(props: { message: string; hotline: string | null; onRetry: () => void }) {
  return (
    <Panel center className="sos-done" testid="sos-failed" role="alert">
      <Notice title="求助没有发出去" role="none">
        <p>{props.message}</p>
      </Notice>
      <p className="sos-done__text">请马上打电话求助：</p>
      {props.hotline && <HotlineBig hotline={props.hotline} testid="sos-hotline" />}
      <p className="panel__text panel__text--strong">
        危及生命请拨打 <strong>120</strong>，报警请拨打 <strong>110</strong>
      </p>
      <Actions>
        <BigButton tone="danger" wide testid="sos-retry" icon={<RetryIcon size={40} />} label="再试一次" onClick={props.onRetry} />
        <BigButton wide icon={<HomeIcon size={40} />} label="返回首页" onClick={goHome} />
      </Actions>
    </Panel>
  );
}
