import type { ReactNode } from 'react';
import { AlertIcon, BackIcon, CardIcon, HelpCallIcon, SpeakerIcon, WalletIcon } from '../../components/Icons';
import { goHome } from '../../nav';
import { cachedContext } from '../../terminal';
import { BigButton, Frame, HotlineLine } from '../../ui';

/**
 * 帮助: four pictured steps of one short sentence each, read aloud when the screen opens (the 朗读 switch), and who
 * to call. One screen, no scrolling: a person who needs help reads four lines, not nine paragraphs.
 */
const STEPS: { key: string; icon: ReactNode; title: string; text: string }[] = [
  { key: 'card', icon: <CardIcon size={96} />, title: '刷卡登录', text: '把市民卡放到读卡器上，再输入 6 位密码' },
  { key: 'balance', icon: <WalletIcon size={96} />, title: '查询余额', text: '登录后就能看到余额，用完点“退出”' },
  { key: 'call', icon: <HelpCallIcon size={96} />, title: '呼叫帮助', text: '按一下需要的服务，服务站会打电话给您' },
  { key: 'sos', icon: <AlertIcon size={96} />, title: '紧急求助', text: '不用刷卡，按“确认求助”，马上有人来' },
];

export default function HelpPage() {
  const ctx = cachedContext();
  const hotline = ctx?.community.hotline;
  const station = ctx?.station?.name;
  const people = `${hotline ? `需要人工帮助，请拨打服务热线 ${hotline}` : ''}${station ? `，或到${station}` : ''}`;
  const speech = `使用帮助。${STEPS.map((s) => `${s.title}：${s.text}。`).join('')}点右上角“朗读”，屏幕会读给您听。${people}。`;

  return (
    <Frame title="帮助" speech={speech}>
      <ol className="help-steps" data-testid="help-steps">
        {STEPS.map((s) => (
          <li key={s.key} className="help-step" data-testid={`help-step-${s.key}`}>
            <span className="help-step__icon">{s.icon}</span>
            <span className="help-step__title">{s.title}</span>
            <span className="help-step__text">{s.text}</span>
          </li>
        ))}
      </ol>
      <p className="help-speech">
        <SpeakerIcon on size={48} />
        <span>点右上角“朗读”，屏幕会读给您听</span>
      </p>
      {hotline && (
        <HotlineLine
          strong
          testid="help-hotline"
          lead="需要人工帮助，请拨打服务热线"
          hotline={hotline}
          after={station ? `，或到${station}` : ''}
        />
      )}
      <BigButton tone="primary" wide icon={<BackIcon size={40} />} label="返回首页" onClick={goHome} />
    </Frame>
  );
}
