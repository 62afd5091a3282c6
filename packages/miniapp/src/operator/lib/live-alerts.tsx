import { useEffect, useState, type ReactNode } from 'react';
import { View, Text } from '@tarojs/components';
import { useRealtime, type RealtimeEvent } from '../../realtime';
import { when } from '../../calls-common/lib';
import './live-alerts.css';

/**
 * The alerts one kind of banner shows on every open operator page (emergencies, welfare checks, 找工作人员): one
 * list per kind for the whole app, so a page opened later shows what an earlier one heard; a dismissed alert stays away.
 */
export interface AlertStore<A> {
  list(): A[];
  /** Adds or updates (merged with the alert it replaces); true when it was new, so the caller can ring. */
  upsert(a: A): boolean;
  patch(key: string, p: Partial<A>): void;
  remove(key: string): void;
  dismiss(key: string): void;
  subscribe(listener: (list: A[]) => void): () => void;
}

export function alertStore<A>(keyOf: (a: A) => string, merge: (old: A, next: A) => A = (_old, next) => next): AlertStore<A> {
  let alerts: A[] = [];
  const dismissed = new Set<string>();
  const listeners = new Set<(a: A[]) => void>();
  const set = (next: A[]) => {
    alerts = next;
    listeners.forEach((l) => l(alerts));
  };
  const has = (key: string) => alerts.some((a) => keyOf(a) === key);
  return {
    list: () => alerts,
    upsert(a) {
      const key = keyOf(a);
      if (dismissed.has(key)) return false;
      if (!has(key)) return (set([a, ...alerts]), true);
      set(alerts.map((x) => (keyOf(x) === key ? merge(x, a) : x)));
      return false;
    },
    patch: (key, p) => has(key) && set(alerts.map((a) => (keyOf(a) === key ? { ...a, ...p } : a))),
    remove: (key) => has(key) && set(alerts.filter((a) => keyOf(a) !== key)),
    dismiss(key) {
      dismissed.add(key);
      if (has(key)) set(alerts.filter((a) => keyOf(a) !== key));
    },
    subscribe(listener) {
      listeners.add(listener);
      return () => void listeners.delete(listener);
    },
  };
}

/**
 * The store's alerts for a page, kept live: `catchUp` reads what is still waiting when the community is known (often
 * only after the channel said `ready`) and on every reconnection, `onEvent` takes the channel's events of this kind.
 */
export function useLiveAlerts<A>(
  store: AlertStore<A>,
  communityId: string | null,
  catchUp: (community_id: string) => Promise<void>,
  onEvent: (e: RealtimeEvent) => void,
): A[] {
  const [list, setList] = useState(store.list);
  useEffect(() => {
    setList(store.list());
    return store.subscribe(setList);
  }, [store]);
  useEffect(() => {
    if (communityId) void catchUp(communityId).catch(() => undefined);
  }, [communityId, catchUp]);
  useRealtime((e) => {
    if (e.type === 'ready' && communityId) void catchUp(communityId).catch(() => undefined);
    else onEvent(e);
  });
  return list;
}

export interface AlertBannerProps {
  /** The calm tones: info (a welfare check), warning (someone waiting); the emergency has its own red banner. */
  tone: 'info' | 'warning';
  /** The area's class and test id of the banner (`welfare-alert`, `staff-alert`). */
  kind: string;
  data?: Record<`data-${string}`, string>;
  title: string;
  at: string;
  /** The main line (the place, the address) and its test id; a secondary line under it. */
  main: ReactNode;
  mainTestid?: string;
  more?: ReactNode;
  /** The banner's buttons. */
  actions: ReactNode;
}

/** One calm live alert: a coloured edge, the title and time, what and where, and its buttons; announced as an alert. */
export function AlertBanner({ tone, kind, data, title, at, main, mainTestid, more, actions }: AlertBannerProps) {
  return (
    <View className={`live-alert live-alert--${tone} ${kind}`} role="alert" data-testid={kind} {...data}>
      <View className="live-alert__head cc-spread cc-spread--baseline cc-spread--wrap">
        <Text className="live-alert__title">{title}</Text>
        <Text className="live-alert__time">{when(at)}</Text>
      </View>
      <Text className="live-alert__main" data-testid={mainTestid}>
        {main}
      </Text>
      {more && <Text className="live-alert__more">{more}</Text>}
      <View className="live-alert__actions">{actions}</View>
    </View>
  );
}

/** The banners of one kind, newest first; nothing when none is waiting. */
export function AlertBanners<A>({ list, keyOf, banner }: { list: A[]; keyOf(a: A): string; banner(a: A): AlertBannerProps }) {
  if (list.length === 0) return null;
  return (
    <View className="live-alerts">
      {list.map((a) => (
        <AlertBanner key={keyOf(a)} {...banner(a)} />
      ))}
    </View>
  );
}
