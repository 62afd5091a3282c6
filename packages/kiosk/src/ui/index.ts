/** The kiosk's UI kit (elder mode, DESIGN §6): one folder per component, tokens in tokens.css. */
export { Actions, BigButton, type ActionsProps, type BigButtonProps, type BigButtonTone } from './BigButton';
export { Field, type FieldProps } from './Field';
export { Frame, IdleWarning, type FrameProps, type IdleWarningProps } from './Frame';
export { HotlineBig, HotlineLine, type HotlineBigProps, type HotlineLineProps } from './Hotline';
export { MoneyLine, type MoneyLineProps } from './MoneyLine';
export { Notice, type NoticeProps, type NoticeTone } from './Notice';
export { Panel, type PanelProps } from './Panel';
export { PinDots, PinPad, type PinPadProps } from './PinPad';
export { ErrorView, LoadingView, type ErrorViewProps, type LoadingViewProps } from './StateView';
export { Tile, type SoftTileTone, type SolidTileTone, type TileProps } from './Tile';
