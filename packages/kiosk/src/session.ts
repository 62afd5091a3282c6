import { useSyncExternalStore } from 'react';

/**
 * The person at the terminal: the card number just read (until the PIN is entered) and, after
 * card + PIN, the kiosk card session. Both live in memory only: a reload or a crash forgets them
 * (the server ends an unused session by itself), and nothing about a person is left in storage on a
 * shared terminal. The card number is never shown (only its last four digits) nor put in an address.
 */
export interface CardSession {
  token: string;
  /** Her own name: the screen greets the person whose card and PIN opened the session. */
  holder_name: string;
}

let session: CardSession | null = null;
let pendingCard: string | null = null;
const listeners = new Set<() => void>();
const notify = () => listeners.forEach((l) => l());

export function cardSession(): CardSession | null {
  return session;
}

export function setCardSession(s: CardSession | null): void {
  session = s;
  notify();
}

/** The open card session, re-rendering when it starts or ends. */
export function useCardSession(): CardSession | null {
  return useSyncExternalStore(
    (l) => {
      listeners.add(l);
      return () => listeners.delete(l);
    },
    cardSession,
    cardSession,
  );
}

/**
 * Who raised an emergency here last: the card session's token, or the anonymous visit (since the welcome screen last
 * showed with nobody signed in). Only that person is told 您刚才已经求助过; a later person at the same terminal is
 * told someone else asked for help here, and can add her own.
 */
let sosRaisedBy: string | null = null;
let anonymousVisit = 0;
const visitKey = () => session?.token ?? `anonymous-${anonymousVisit}`;

export function markSosRaised(): void {
  sosRaisedBy = visitKey();
}

export function sosRaisedByThisVisit(): boolean {
  return sosRaisedBy === visitKey();
}

/** The welcome screen with nobody signed in starts a new anonymous visit. */
export function startVisit(): void {
  if (!session) anonymousVisit += 1;
}

export function pendingCardNumber(): string | null {
  return pendingCard;
}

export function setPendingCardNumber(cardNumber: string | null): void {
  pendingCard = cardNumber;
}
