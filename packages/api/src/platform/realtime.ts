import type { IncomingMessage, Server } from 'node:http';
import { Redis } from 'ioredis';
import type { Logger } from 'pino';
import { WebSocketServer, type WebSocket } from 'ws';
import type { UserActor } from './actor';
import { boundedRedisOptions, closeRedis } from './redis';

/** Who a real-time event is for: named people, and/or every connected operator of a community (on duty = connected). */
export interface RealtimeTarget {
  user_ids?: string[];
  operators_of?: string;
}
export interface RealtimeEvent {
  type: string;
  [key: string]: unknown;
}
type Envelope = { to: RealtimeTarget; event: RealtimeEvent };

export const REALTIME_PATH = '/api/v1/realtime';

/**
 * Real-time fan-out (DESIGN §5, §8): every event goes through Redis pub/sub, and each API instance delivers it to
 * the WebSocket clients connected to it, so a person connected to any instance gets it. Connections are opened
 * lazily: a process that never publishes or serves sockets (the CLI) opens none.
 */
export function createRealtimeBus(opts: { redisUrl: string; channel: string; logger: Logger; commandTimeoutMs?: number }) {
  let pub: Redis | undefined;
  let sub: Redis | undefined;
  const listeners = new Set<(e: Envelope) => void>();
  // Publishing happens inside requests (an order's state change), so it is bounded like every request-path command;
  // the subscriber's one SUBSCRIBE is not, so a slow start does not leave this instance deaf.
  const connect = (bounded: boolean) => {
    const r = new Redis(opts.redisUrl, bounded ? boundedRedisOptions(opts.commandTimeoutMs) : { lazyConnect: false });
    r.on('error', (err: Error) => opts.logger.warn({ err: err.message }, 'realtime redis error'));
    return r;
  };
  return {
    async publish(to: RealtimeTarget, event: RealtimeEvent): Promise<void> {
      pub ??= connect(true);
      await pub.publish(opts.channel, JSON.stringify({ to, event } satisfies Envelope));
    },
    async subscribe(listener: (e: Envelope) => void): Promise<void> {
      listeners.add(listener);
      if (sub) return;
      sub = connect(false);
      sub.on('message', (_channel: string, message: string) => {
        let env: Envelope;
        try {
          env = JSON.parse(message) as Envelope;
        } catch {
          return;
        }
        for (const l of listeners) l(env);
      });
      await sub.subscribe(opts.channel);
    },
    async close(): Promise<void> {
      listeners.clear();
      await Promise.all([closeRedis(pub), closeRedis(sub)]);
    },
  };
}
export type RealtimeBus = ReturnType<typeof createRealtimeBus>;

/**
 * WebSocket endpoint on the API's HTTP server at /api/v1/realtime, authenticated with the session token
 * (`Authorization: Bearer …`, or `?token=` for browsers, which cannot set headers on a WebSocket).
 * Sends `{"type":"ready"}` once subscribed, then every event addressed to the person.
 */
export function attachRealtime(
  server: Server,
  deps: { bus: RealtimeBus; authenticate(token: string): Promise<UserActor | null>; logger: Logger },
) {
  const wss = new WebSocketServer({ noServer: true, maxPayload: 4096 });
  const clients = new Set<{ ws: WebSocket; actor: UserActor }>();

  // Not awaited: with Redis down the API still starts (readyz says so); clients get `ready` once subscribed.
  const subscribed = deps.bus.subscribe(({ to, event }) => {
    const data = JSON.stringify(event);
    for (const c of clients) {
      const named = to.user_ids?.includes(c.actor.user_id) ?? false;
      const operator =
        to.operators_of !== undefined &&
        c.actor.roles.some((g) => g.role === 'admin' || (g.role === 'operator' && g.community_id === to.operators_of));
      if ((named || operator) && c.ws.readyState === c.ws.OPEN) c.ws.send(data);
    }
  });
  subscribed.catch((err: Error) => deps.logger.error({ err: err.message }, 'realtime subscribe failed'));

  const refuse = (socket: import('node:stream').Duplex, status: string) => {
    socket.write(`HTTP/1.1 ${status}\r\nConnection: close\r\nContent-Length: 0\r\n\r\n`);
    socket.destroy();
  };

  server.on('upgrade', (req: IncomingMessage, socket, head) => {
    const url = new URL(req.url ?? '/', 'http://localhost');
    if (url.pathname !== REALTIME_PATH) return refuse(socket, '404 Not Found');
    const header = /^Bearer ([A-Za-z0-9_-]{20,100})$/.exec(req.headers.authorization ?? '');
    const token = header?.[1] ?? url.searchParams.get('token') ?? '';
    if (!/^[A-Za-z0-9_-]{20,100}$/.test(token)) return refuse(socket, '401 Unauthorized');
    deps.authenticate(token).then(
      (actor) => {
        if (!actor) return refuse(socket, '401 Unauthorized');
        wss.handleUpgrade(req, socket, head, (ws) => {
          const client = { ws, actor };
          clients.add(client);
          ws.on('close', () => clients.delete(client));
          ws.on('error', () => clients.delete(client));
          void subscribed.then(() => ws.send(JSON.stringify({ type: 'ready', user_id: actor.user_id })));
        });
      },
      (err: Error) => {
        deps.logger.warn({ err: err.message }, 'realtime auth failed');
        refuse(socket, '503 Service Unavailable');
      },
    );
  });

  return {
    connections: () => clients.size,
    async close(): Promise<void> {
      for (const c of clients) c.ws.terminate();
      clients.clear();
      await new Promise<void>((resolve) => wss.close(() => resolve()));
    },
  };
}
