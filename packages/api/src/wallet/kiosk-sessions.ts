import { createHash, randomBytes } from 'node:crypto';
import type { Redis } from 'ioredis';
import type { CardActor, TerminalActor } from '../platform/actor';

/**
 * Kiosk card sessions: short-lived (sliding, a few minutes), bound to the terminal where the card was tapped, and
 * stored only as a hash. Another terminal presenting the token gets nothing.
 */
export function createKioskSessions(redis: Redis, ttlSeconds: number) {
  const key = (id: string) => `ksess:${id}`;
  const idOf = (token: string) => createHash('sha256').update(token).digest('hex');

  return {
    ttlSeconds,
    async open(terminal: TerminalActor, card: { card_id: string; user_id: string }): Promise<string> {
      const token = randomBytes(32).toString('base64url');
      await redis.set(key(idOf(token)), JSON.stringify({ ...card, kiosk_id: terminal.kiosk_id }), 'EX', ttlSeconds);
      return token;
    },
    async resolve(terminal: TerminalActor, token: string): Promise<CardActor | null> {
      const session_id = idOf(token);
      const raw = await redis.get(key(session_id));
      if (!raw) return null;
      const s = JSON.parse(raw) as { card_id: string; user_id: string; kiosk_id: string };
      // Only its own terminal may use it, or keep it alive.
      if (s.kiosk_id !== terminal.kiosk_id) return null;
      await redis.expire(key(session_id), ttlSeconds);
      return {
        kind: 'card',
        kiosk_id: terminal.kiosk_id,
        community_id: terminal.community_id,
        card_id: s.card_id,
        user_id: s.user_id,
        session_id,
      };
    },
    async end(session_id: string): Promise<void> {
      await redis.del(key(session_id));
    },
  };
}
export type KioskSessions = ReturnType<typeof createKioskSessions>;
