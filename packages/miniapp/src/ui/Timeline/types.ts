export interface TimelineStep {
  key: string;
  /** What happened (its machine name, for styling and tests: cc-timeline__item--<action>). */
  action: string;
  /** What happened, in words. */
  title: string;
  /** The status it led to, in words (the '@cc/shared' word). */
  status?: string | null;
  /** When and who. */
  meta: string;
  /** The note or reason given with it. */
  note?: string | null;
}

export interface TimelineProps {
  steps: TimelineStep[];
  title?: string;
  className?: string;
}
