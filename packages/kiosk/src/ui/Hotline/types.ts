import type { ReactNode } from 'react';

export interface HotlineLineProps {
  /** The words before the number, e.g. 服务热线 or 需要帮助请拨打服务热线. */
  lead: string;
  hotline: string;
  icon?: ReactNode;
  /** Words after the number, e.g. ，或到某某服务站. */
  after?: string;
  strong?: boolean;
  testid?: string;
}

export interface HotlineBigProps {
  hotline: string;
  label?: string;
  testid?: string;
}
