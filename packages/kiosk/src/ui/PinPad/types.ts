export interface PinPadProps {
  /** How many digits the PIN has (one dot each). */
  length: number;
  /** How many are typed (the digits themselves are never shown). */
  filled: number;
  /** While the PIN is being checked: every key off, 确认 says 请稍候. */
  busy: boolean;
  onDigit: (digit: string) => void;
  onDelete: () => void;
  onConfirm: () => void;
}
