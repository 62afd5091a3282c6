import type { ReactNode } from 'react';

export interface FrameProps {
  /** The screen's title, in the bar. */
  title: string;
  /** What the screen reads aloud when it appears (and when 朗读 is switched on). */
  speech: string;
  /** The welcome screen: no 返回首页, and idle only while someone is signed in. */
  home?: boolean;
  /** Whether the idle warning runs; by default every screen but the welcome screen (see `home`). */
  idle?: boolean;
  children: ReactNode;
}

export interface IdleWarningProps {
  secondsLeft: number;
  /** What happens at the end: 将回到首页 or 将退出登录并回到首页. */
  after: string;
  onExtend: () => void;
}
