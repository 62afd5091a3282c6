import { useEffect, useRef, useState } from 'react';
import Taro from '@tarojs/taro';
import { appConfig } from './config';
import { getToken } from './session';

/** An event of the API's real-time channel (/api/v1/realtime): `ready`, `call.emergency`, `call.updated`, `call.escalated`… */
export interface RealtimeEvent {
  type: string;
  [key: string]: unknown;
}
export type RealtimeStatus = 'connecting' | 'open' | 'reconnecting' | 'off';

type Subscriber = { onEvent(e: RealtimeEvent): void; onStatus?(s: RealtimeStatus): void };

const REALTIME_PATH = '/api/v1/realtime';
const subscribers = new Set<Subscriber>();
let task: Taro.SocketTask | null = null;
let generation = 0;
let retries = 0;
let timer: ReturnType<typeof setTimeout> | null = null;
let status: RealtimeStatus = 'off';

function setStatus(s: RealtimeStatus) {
  status = s;
  for (const sub of subscribers) sub.onStatus?.(s);
}

function scheduleReconnect(gen: number) {
  if (gen !== generation || subscribers.size === 0 || timer) return;
  task = null;
  setStatus('reconnecting');
  // 0.5 s, 1 s, 2 s … at most 10 s between attempts.
  const delay = Math.min(10_000, 500 * 2 ** retries);
  retries += 1;
  timer = setTimeout(() => {
    timer = null;
    connect();
  }, delay);
}

function connect() {
  const token = getToken();
  if (!token) return setStatus('off');
  const gen = ++generation;
  setStatus(retries === 0 ? 'connecting' : 'reconnecting');
  const base = appConfig().apiBaseUrl.replace(/^http/, 'ws').replace(/\/+$/, '');
  // Browsers cannot set headers on a WebSocket, so H5 sends the session token as ?token= (the API accepts both).
  const h5 = process.env.TARO_ENV === 'h5';
  Taro.connectSocket({
    url: h5 ? `${base}${REALTIME_PATH}?token=${encodeURIComponent(token)}` : `${base}${REALTIME_PATH}`,
    ...(h5 ? {} : { header: { authorization: `Bearer ${token}` } }),
  }).then(
    (t) => {
      if (gen !== generation) {
        t.close({});
        return;
      }
      task = t;
      t.onMessage((msg) => {
        if (gen !== generation || typeof msg.data !== 'string') return;
        let event: RealtimeEvent;
        try {
          event = JSON.parse(msg.data) as RealtimeEvent;
        } catch {
          return;
        }
        if (event.type === 'ready') {
          retries = 0;
          setStatus('open');
        }
        for (const sub of subscribers) sub.onEvent(event);
      });
      t.onClose(() => scheduleReconnect(gen));
      t.onError(() => scheduleReconnect(gen));
    },
    () => scheduleReconnect(gen),
  );
}

function disconnect() {
  generation += 1;
  if (timer) clearTimeout(timer);
  timer = null;
  retries = 0;
  const t = task;
  task = null;
  if (t) t.close({});
  status = 'off';
}

/**
 * Listens to the real-time channel. One WebSocket is shared by every page that listens (Taro keeps the pages
 * below the current one alive), opened with the first listener and closed with the last; it reconnects on drop
 * with backoff, and every (re)connection starts with a `ready` event, after which a page should reload what it shows.
 */
export function subscribeRealtime(onEvent: Subscriber['onEvent'], onStatus?: Subscriber['onStatus']): () => void {
  const sub: Subscriber = { onEvent, ...(onStatus ? { onStatus } : {}) };
  subscribers.add(sub);
  if (subscribers.size === 1) connect();
  else onStatus?.(status);
  return () => {
    subscribers.delete(sub);
    if (subscribers.size === 0) disconnect();
  };
}

/** subscribeRealtime for as long as the component is mounted; returns the connection status. */
export function useRealtime(onEvent: (e: RealtimeEvent) => void): RealtimeStatus {
  const handler = useRef(onEvent);
  handler.current = onEvent;
  const [state, setState] = useState<RealtimeStatus>('connecting');
  useEffect(() => subscribeRealtime((e) => handler.current(e), setState), []);
  return state;
}
