export interface StepperProps {
  /** The current whole number. */
  value: number;
  min?: number;
  max: number;
  disabled?: boolean;
  /** What is counted, for the field's name (数量 by default): screen readers say "数量", "减少数量", "增加数量". */
  label?: string;
  className?: string;
  onChange(value: number): void;
}
