import { useEffect, useRef } from 'react';

/** A card reader types the card number and Enter within a few hundred ms; slower keys start over. */
const MAX_KEY_GAP_MS = 1000;

/**
 * The card reader is a keyboard: digits, then Enter. Calls `onRead` with the digits typed before
 * each Enter (whatever their number; the caller checks them).
 */
export function useCardReader(onRead: (digits: string) => void): void {
  const handler = useRef(onRead);
  handler.current = onRead;
  useEffect(() => {
    let buffer = '';
    let lastKeyAt = 0;
    const onKey = (e: KeyboardEvent) => {
      // Typing into a form field (the setup screen) is not a card.
      if (e.target instanceof HTMLInputElement) return;
      const t = Date.now();
      if (t - lastKeyAt > MAX_KEY_GAP_MS) buffer = '';
      lastKeyAt = t;
      if (e.key === 'Enter') {
        const digits = buffer;
        buffer = '';
        if (digits) {
          e.preventDefault();
          handler.current(digits);
        }
        return;
      }
      if (/^[0-9]$/.test(e.key)) {
        buffer = (buffer + e.key).slice(-32);
        e.preventDefault();
      }
    };
    window.addEventListener('keydown', onKey);
    return () => window.removeEventListener('keydown', onKey);
  }, []);
}

/** Card numbers are 16–19 digits (the contract's CardNumber). */
export function isCardNumber(digits: string): boolean {
  return /^\d{16,19}$/.test(digits);
}
