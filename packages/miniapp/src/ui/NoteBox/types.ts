export interface NoteBoxProps {
  className?: string;
  label: string;
  placeholder: string;
  submitText: string;
  /** Characters required; 0 makes the note optional. */
  min?: number;
  max?: number;
  danger?: boolean;
  /** Said when the text is shorter than `min` (a reason: 让对方知道为什么). */
  tooShort?: string;
  /** Resolves true when done (the box is emptied); the text is kept when sending fails. */
  onSubmit(text: string): Promise<boolean>;
  onCancel?: () => void;
}
