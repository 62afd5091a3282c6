import type { ActionsProps, BigButtonProps } from './types';
import './index.css';

export type { ActionsProps, BigButtonProps, BigButtonTone } from './types';

/** The kiosk's button: at least 72 px high (96 when `wide`), an icon and words, a thick focus ring. */
export function BigButton(props: BigButtonProps) {
  const { label, icon, tone = 'plain', wide = false, bar = false, pressed, current, disabled, type = 'button' } = props;
  const classes = [
    'kbtn',
    tone !== 'plain' ? `kbtn--${tone}` : '',
    wide ? 'kbtn--wide' : '',
    bar ? 'kbtn--bar' : '',
    pressed ? 'kbtn--on' : '',
    props.className ?? '',
  ].filter(Boolean);
  return (
    <button
      type={type}
      className={classes.join(' ')}
      aria-pressed={pressed}
      aria-current={current ? 'page' : undefined}
      data-testid={props.testid}
      disabled={disabled}
      onClick={props.onClick}
    >
      {icon}
      <span>{label}</span>
    </button>
  );
}

/** Buttons side by side, wrapping on a narrow screen. */
export function Actions({ children }: ActionsProps) {
  return <div className="actions">{children}</div>;
}
