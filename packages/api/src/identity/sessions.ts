import { createHash, randomBytes } from 'node:crypto';
import type { Redis } from 'ioredis';

/**
 * Opaque session tokens in Redis (DESIGN §5). Only the SHA-256 of a token is stored, so a Redis dump holds no usable
 * token. Expiry slides: each use pushes it back by the TTL.
 */
export function createSessionStore(redis: Redis, ttlSeconds: number) {
  const sessionKey = (id: string) => `sess:${id}`;
  const userKey = (user_id: string) => `user-sess:${user_id}`;
  const idOf = (token: string) => createHash('sha256').update(token).digest('hex');

  return {
    ttlSeconds,
    idOf,

    async create(user_id: string): Promise<{ token: string; session_id: string }> {
      const token = randomBytes(32).toString('base64url');
      const session_id = idOf(token);
      await redis
        .multi()
        .set(sessionKey(session_id), user_id, 'EX', ttlSeconds)
        .sadd(userKey(user_id), session_id)
        .expire(userKey(user_id), ttlSeconds)
        .exec();
      return { token, session_id };
    },

    /** The user id of a live session, sliding its expiry; null when missing, expired or revoked. */
    async resolve(token: string): Promise<{ user_id: string; session_id: string } | null> {
      const session_id = idOf(token);
      const user_id = await redis.getex(sessionKey(session_id), 'EX', ttlSeconds);
      if (!user_id) return null;
      await redis.expire(userKey(user_id), ttlSeconds);
      return { user_id, session_id };
    },

    async end(user_id: string, session_id: string): Promise<void> {
      await redis.multi().del(sessionKey(session_id)).srem(userKey(user_id), session_id).exec();
    },

    /** Ends every session of a person (logout everywhere, or an operator revoking access). */
    async endAll(user_id: string): Promise<number> {
      const ids = await redis.smembers(userKey(user_id));
      const tx = redis.multi();
      for (const id of ids) tx.del(sessionKey(id));
      tx.del(userKey(user_id));
      await tx.exec();
      return ids.length;
    },
  };
}
export type SessionStore = ReturnType<typeof createSessionStore>;
