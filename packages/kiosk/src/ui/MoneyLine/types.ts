export interface MoneyLineProps {
  /** What was paid for. */
  what: string;
  /** When, as written on the screen (e.g. 12月1日 10:30). */
  when: string;
  amount_fen: number;
}
