import { BackIcon, CardIcon, HelpCallIcon } from '../../components/Icons';
import { BigButton, HotlineLine, Notice, PinDots, PinPad } from '../../ui';
import { PIN_LENGTH, type Trouble } from './usePin';

/** A refusal written on the screen with what to do next: yellow when another PIN may be tried, red when not. */
export function PinTrouble({ trouble }: { trouble: Trouble }) {
  return (
    <Notice tone={trouble.retry ? 'warn' : 'error'} title={trouble.message} testid="pin-trouble">
      <p>{trouble.hint}</p>
    </Notice>
  );
}

/** The dots and the pad (side by side in landscape: the pad is a direct child of the panel for that grid). */
export function PinEntry(props: {
  filled: number;
  busy: boolean;
  onDigit: (d: string) => void;
  onDelete: () => void;
  onConfirm: () => void;
}) {
  return (
    <>
      <p className="panel__text">请输入 6 位密码，然后点“确认”</p>
      <PinDots length={PIN_LENGTH} filled={props.filled} />
      <PinPad
        length={PIN_LENGTH}
        filled={props.filled}
        busy={props.busy}
        onDigit={props.onDigit}
        onDelete={props.onDelete}
        onConfirm={props.onConfirm}
      />
    </>
  );
}

/** This card cannot sign in here: the hotline and 重新刷卡. */
export function PinBlocked({ hotline, onCard }: { hotline: string | undefined; onCard: () => void }) {
  return (
    <>
      {hotline && <HotlineLine lead="需要帮助请拨打服务热线" hotline={hotline} icon={<HelpCallIcon size={32} />} />}
      <BigButton tone="primary" wide icon={<CardIcon size={40} />} label="重新刷卡" onClick={onCard} />
    </>
  );
}

export function OtherCardButton({ onClick }: { onClick: () => void }) {
  return <BigButton wide icon={<BackIcon size={40} />} label="换一张卡" onClick={onClick} />;
}
