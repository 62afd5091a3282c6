/** A person's WebSocket on the real-time channel, for the suites that watch what the server pushes. */
import WebSocket from 'ws';

/**
 * Connects with a session token to one API instance's `/api/v1/realtime`; `events` collects every message and
 * `ready` resolves once the server has subscribed the connection (its `ready` message).
 */
export function listenRealtime(apiUrl: string, token: string) {
  const ws = new WebSocket(`${apiUrl.replace(/^http/, 'ws')}/api/v1/realtime`, { headers: { authorization: `Bearer ${token}` } });
  const events: Record<string, unknown>[] = [];
  const ready = new Promise<void>((resolve, reject) => {
    ws.on('message', (data) => {
      const e = JSON.parse(String(data)) as Record<string, unknown>;
      events.push(e);
      if (e.type === 'ready') resolve();
    });
    ws.on('error', reject);
    ws.on('unexpected-response', (_req, res) => reject(new Error(`status ${res.statusCode}`)));
  });
  return { ws, events, ready };
}
