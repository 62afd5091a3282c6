import { useState } from 'react';
import { BackIcon, HelpCallIcon, SpeakerIcon } from '../../components/Icons';
import { Actions, BigButton } from './index';

/** The three tones, a wide main action, a toggle, a disabled button. */
export function Demo() {
  const [on, setOn] = useState(false);
  const none = () => undefined;
  return (
    <>
      <Actions>
        <BigButton tone="primary" icon={<HelpCallIcon size={40} />} label="呼叫帮助" onClick={none} />
        <BigButton tone="danger" label="确认求助" onClick={none} />
        <BigButton icon={<BackIcon size={40} />} label="返回" onClick={none} />
      </Actions>
      <Actions>
        <BigButton tone="primary" wide label="确认" testid="demo-wide" onClick={none} />
        <BigButton pressed={on} icon={<SpeakerIcon on={on} size={40} />} label={`朗读：${on ? '开' : '关'}`} onClick={() => setOn(!on)} />
        <BigButton disabled label="请稍候" onClick={none} />
      </Actions>
    </>
  );
}
