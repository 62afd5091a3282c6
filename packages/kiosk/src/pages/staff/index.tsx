import { HomeIcon, RetryIcon } from '../../components/Icons';
import { goHome } from '../../nav';
import { Actions, BigButton, HotlineBig, Notice, Panel } from '../../ui';
import { Frame } from '../../ui';
import { StaffIcon } from './StaffIcon';
import { STAFF_COMING, staffSpeech, useStaff, type StaffScreen } from './useStaff';
import './index.css';

/**
 * 找工作人员 (issue 15 item 4): the station's staff are called to this terminal; the screen says, large and aloud,
 * 工作人员马上过来, and where the alert went. No card login is needed.
 */
export default function StaffPage() {
  const { screen, place, hotline, retry } = useStaff();
  return (
    <Frame title="找工作人员" speech={staffSpeech(screen, place, hotline)}>
      {screen.kind === 'sending' && (
        <Panel center live="polite" busy testid="staff-sending" icon={<StaffIcon size={128} />}>
          <p className="staff__title">正在通知工作人员…</p>
          <p className="panel__text">请稍候，不用再按。</p>
        </Panel>
      )}
      {(screen.kind === 'sent' || screen.kind === 'already') && <StaffComing screen={screen} place={place} />}
      {screen.kind === 'failed' && (
        <Panel center testid="staff-failed" role="alert">
          <Notice title="没有通知到工作人员" role="none">
            <p>{screen.message}</p>
          </Notice>
          {hotline && <HotlineBig hotline={hotline} testid="staff-hotline" />}
          <Actions>
            <BigButton tone="primary" wide testid="staff-retry" icon={<RetryIcon size={40} />} label="再试一次" onClick={retry} />
            <BigButton wide icon={<HomeIcon size={40} />} label="返回首页" onClick={goHome} />
          </Actions>
        </Panel>
      )}
    </Frame>
  );
}

function StaffComing({ screen, place }: { screen: StaffScreen; place: string }) {
  return (
    <Panel center testid="staff-sent" role="status" icon={<StaffIcon size={128} />} iconTone="ok">
      <p className="staff__title" data-testid="staff-coming">
        {STAFF_COMING}
      </p>
      <p className="staff__text">
        {screen.kind === 'already' ? (
          '刚才已经通知过了'
        ) : (
          <>
            已经通知<strong data-testid="staff-place">{place}</strong>的值班人员
          </>
        )}
        <br />
        请在这里稍等
      </p>
      <Actions>
        <BigButton wide testid="staff-home" icon={<HomeIcon size={40} />} label="返回首页" onClick={goHome} />
      </Actions>
    </Panel>
  );
}
