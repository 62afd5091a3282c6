/**
 * Names for the inputs of Taro and NutUI fields. Taro's H5 input is a custom element around a native <input>; an
 * aria-label on the component lands on the wrapper, not on the input a screen reader reaches (axe critical `label`),
 * so the name goes through `nativeProps` onto the input itself.
 */
export function named(label: string, more: Record<string, string> = {}): { 'aria-label': string; nativeProps: Record<string, string> } {
  return { 'aria-label': label, nativeProps: { ...more, 'aria-label': label } };
}

/**
 * A phone-number field (issue 12 item 5): the weapp's number keyboard (`type="number"`, weapp inputs know no "tel"),
 * and on H5 the phone keypad with the browser's autofill of the person's number.
 */
export function phoneInput(label: string) {
  return { type: 'number' as const, ...named(label, { inputMode: 'tel', autoComplete: 'tel' }) };
}
