import { CardIcon } from '../../components/Icons';
import { Frame, Panel } from '../../ui';
import { OtherCardButton, PinBlocked, PinEntry, PinTrouble } from './sections';
import { pinSpeech, usePin } from './usePin';

/**
 * The PIN after a card was read: a large on-screen pad (the digits are never shown or spoken, only
 * dots), then 确认 signs in and opens 我的余额 (or returns to 呼叫帮助, `?next=call`). Every refusal is written on the screen and read aloud,
 * with what to do next; no pop-ups.
 */
export default function PinPage() {
  const pin = usePin();
  return (
    <Frame title="输入密码" speech={pinSpeech(pin.trouble, pin.tail, pin.hotline)}>
      <Panel center className="pin">
        <p className="panel__title" data-testid="card-read">
          <CardIcon size={48} /> 已读到卡片，尾号 {pin.tail}
        </p>
        {pin.trouble && <PinTrouble trouble={pin.trouble} />}
        {!pin.blocked && <PinEntry filled={pin.filled} busy={pin.busy} onDigit={pin.press} onDelete={pin.erase} onConfirm={pin.confirm} />}
        {pin.blocked && <PinBlocked hotline={pin.hotline} onCard={pin.otherCard} />}
        {!pin.blocked && <OtherCardButton onClick={pin.otherCard} />}
      </Panel>
    </Frame>
  );
}
