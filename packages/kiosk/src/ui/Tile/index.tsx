import type { TileProps } from './types';
import './index.css';

export type { SoftTileTone, SolidTileTone, TileProps } from './types';

/** A large pictured button: a main function on the welcome screen (solid) or a service to call (soft). */
export function Tile(props: TileProps) {
  const base = props.look === 'soft' ? 'svc-tile' : 'tile';
  return (
    <button type="button" className={`${base} ${base}--${props.tone}`} data-testid={props.testid} onClick={props.onClick}>
      <span className={`${base}__picture`}>{props.icon}</span>
      <span className={base === 'tile' ? 'tile__label' : 'svc-tile__name'}>{props.label}</span>
      {props.hint && <span className={`${base}__hint`}>{props.hint}</span>}
    </button>
  );
}
