export interface TabOption<T extends string> {
  value: T;
  /** The tab's words (a count in the words, 待办（3）, is part of the label). */
  label: string;
}

export interface TabsProps<T extends string> {
  /** Names the tab list for screen readers (aria-label of the tablist), e.g. 订单状态. */
  label: string;
  tabs: TabOption<T>[];
  value: T;
  onChange(v: T): void;
  /** A badge after a tab's label when its count is above 0 (orders waiting to be sent). */
  counts?: Partial<Record<T, number>>;
  /** Two or three tabs share the row in equal widths; otherwise each is as wide as its words and the row wraps. */
  stretch?: boolean;
  className?: string;
  testid?: string;
}
