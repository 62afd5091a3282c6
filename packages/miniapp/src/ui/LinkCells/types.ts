import type { ReactNode } from 'react';

/** One row of a menu that opens another page. */
export interface LinkCell {
  /** The row's class: its name for styles and for the browser suites (`.operator__queue`). */
  className: string;
  title: ReactNode;
  /** What is found there, under the title. */
  description?: ReactNode;
  /** The word at the right end; 进入 when not given. */
  extra?: ReactNode;
  /** The page it opens (Taro.navigateTo). */
  url: string;
}

export interface LinkCellsProps {
  links: LinkCell[];
}
