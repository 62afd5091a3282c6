/**
 * Props of a phone-number field (issue 12 item 5): the weapp's number keyboard (`type="number"`, weapp inputs know no
 * "tel"), and on H5 the phone keypad with the browser's autofill of the person's number.
 */
export const PHONE_INPUT = { type: 'number', nativeProps: { inputMode: 'tel', autoComplete: 'tel' } } as const;
