import type { CallStatus } from '@cc/shared';

/** Statuses in which a call is still being handled (duplicate detection, provider load). */
export const OPEN_STATUSES: CallStatus[] = ['open', 'acknowledged', 'assigned', 'in_progress'];

/** The lifecycle: each action, the statuses it may start from, and where it leads. Anything else is 409 illegal_transition. */
export const TRANSITIONS = {
  acknowledge: { from: ['open'], to: 'acknowledged' },
  assign: { from: ['acknowledged'], to: 'assigned' },
  accept: { from: ['assigned'], to: 'in_progress' },
  decline: { from: ['assigned'], to: 'acknowledged' },
  resolve: { from: ['in_progress'], to: 'resolved' },
  cancel: { from: ['open', 'acknowledged', 'assigned', 'in_progress'], to: 'cancelled' },
  close_duplicate: { from: ['open', 'acknowledged'], to: 'closed_duplicate' },
} as const satisfies Record<string, { from: readonly CallStatus[]; to: CallStatus }>;
export type CallAction = keyof typeof TRANSITIONS;

export const CLOSED_STATUSES: CallStatus[] = ['resolved', 'cancelled', 'closed_duplicate'];
