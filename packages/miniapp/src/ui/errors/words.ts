/** The words live in '@cc/shared' so the kiosk says the same; this is the kit's door to them. */
export { problemWords, PROBLEM_WORDS } from '@cc/shared';
