import type { ReactNode } from 'react';
import type { Service } from '@cc/shared';
import { expectedBy } from '../../call-words';
import {
  AlertIcon,
  CardIcon,
  CheckCircleIcon,
  ClockIcon,
  HelpCallIcon,
  HomeIcon,
  InfoIcon,
  LogoutIcon,
  PinIcon,
  RetryIcon,
} from '../../components/Icons';
import { PAGES, cardUrl, go, goHome, replace } from '../../nav';
import { pictureOf, toneOf, type KioskCallCreated } from '../../services';
import { Actions, BigButton, ErrorView, HotlineLine, Panel, Tile } from '../../ui';
import type { CallError } from './useCall';

/** The services as large pictures, one press each, and the way to 紧急求助. */
export function ServiceGrid(props: { holder: string | null; services: Service[]; onSend: (s: Service) => void }) {
  return (
    <>
      <p className="call-intro" data-testid="call-intro">
        {props.holder ? `${props.holder}，` : ''}请选择需要的服务，<strong>按一下</strong>就会呼叫服务站
      </p>
      <nav className="svc-grid" aria-label="便民服务" data-testid="service-grid">
        {props.services.map((s) => {
          const Picture = pictureOf(s);
          return (
            <Tile
              key={s.service_code}
              look="soft"
              tone={toneOf(s.group)}
              icon={<Picture size={128} />}
              label={s.service_name}
              hint={s.description}
              testid={`service-${s.service_code}`}
              onClick={() => props.onSend(s)}
            />
          );
        })}
      </nav>
      <BigButton
        tone="danger"
        wide
        className="call-sos"
        testid="call-to-sos"
        icon={<AlertIcon size={44} />}
        label="紧急情况？按这里：紧急求助"
        onClick={() => go(PAGES.sos)}
      />
    </>
  );
}

export function Sending({ service }: { service: Service }) {
  return (
    <Panel center live="polite" busy testid="call-sending" icon={<HelpCallIcon size={120} />}>
      <p className="panel__title">正在为您呼叫“{service.service_name}”…</p>
      <p className="panel__text">请稍候，不用再按。</p>
    </Panel>
  );
}

/** A call in that category is still open: no need to press again, or 仍然发送 for a new problem. */
export function Duplicate({ service, onSendAnyway }: { service: Service; onSendAnyway: () => void }) {
  return (
    <Panel center testid="call-duplicate" icon={<InfoIcon size={120} />}>
      <p className="panel__title" data-testid="duplicate-text">
        您已经呼叫过这项服务，服务站正在处理
      </p>
      <p className="panel__text">
        “{service.service_name}”已经在处理了，不用再按，服务站会联系您。
        <br />
        如果是另外一个新问题，请点“仍然发送”。
      </p>
      <Actions>
        <BigButton tone="primary" wide testid="duplicate-home" icon={<HomeIcon size={40} />} label="返回首页" onClick={goHome} />
        <BigButton wide testid="send-anyway" icon={<HelpCallIcon size={40} />} label="仍然发送" onClick={onSendAnyway} />
      </Actions>
    </Panel>
  );
}

/** The call did not go out (or the list did not open): why, what to do, the hotline, and the way on. */
export function CallFailed({ screen, hotline }: { screen: CallError; hotline: string | null }) {
  return (
    <ErrorView title={screen.title} message={screen.message} hint={screen.hint} hotline={hotline} testid="call-error">
      <Actions>
        {screen.sessionOver ? (
          <BigButton tone="primary" wide icon={<CardIcon size={40} />} label="重新刷卡" onClick={() => replace(cardUrl('call'))} />
        ) : screen.retry ? (
          <BigButton tone="primary" wide icon={<RetryIcon size={40} />} label="重试" onClick={screen.retry} />
        ) : null}
        <BigButton wide icon={<HomeIcon size={40} />} label="返回首页" onClick={goHome} />
      </Actions>
    </ErrorView>
  );
}

function Fact(props: { icon: ReactNode; label: string; testid: string; children: ReactNode }) {
  return (
    <div className="call-fact">
      <dt>
        {props.icon}
        <span>{props.label}</span>
      </dt>
      <dd data-testid={props.testid}>{props.children}</dd>
    </div>
  );
}

/** The confirmation: what was asked for, where, and that the station will call, in large type. */
export function Sent({ service, result, onLogout }: { service: Service; result: KioskCallCreated; onLogout: () => void }) {
  const Picture = pictureOf(service);
  const by = expectedBy(result.call.expected_datetime);
  return (
    <Panel center className="call-sent" testid="call-sent">
      <p className="call-sent__head">
        <CheckCircleIcon size={96} />
        <span>呼叫已发送</span>
      </p>
      <dl className="call-facts">
        <Fact icon={<Picture size={48} />} label="您呼叫了" testid="sent-service">
          {result.call.service_name}
        </Fact>
        <Fact icon={<PinIcon size={48} />} label="上门地址" testid="sent-address">
          {result.call.address}
        </Fact>
        <Fact icon={<HelpCallIcon size={48} />} label="接下来" testid="sent-next">
          社区服务站会打电话联系您
        </Fact>
        {by && (
          <Fact icon={<ClockIcon size={48} />} label="预计联系时间" testid="sent-expected">
            {by.text} 之前
          </Fact>
        )}
      </dl>
      <HotlineLine lead="如有疑问请拨打服务热线" hotline={result.hotline} />
      <Actions>
        <BigButton tone="primary" wide testid="sent-home" icon={<HomeIcon size={40} />} label="返回首页" onClick={goHome} />
        <BigButton wide testid="sent-logout" icon={<LogoutIcon size={40} />} label="退出登录" onClick={onLogout} />
      </Actions>
    </Panel>
  );
}
