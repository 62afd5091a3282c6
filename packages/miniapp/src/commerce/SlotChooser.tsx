import { useEffect, useState } from 'react';
import { View, Text } from '@tarojs/components';
import { routes, type Slot } from '@cc/shared';
import { call } from '../api';
import { Chips, ErrorNotice, LoadingView } from '../ui';

/** Days of slots offered for a re-delivery (the slots API allows up to 14). */
const DAYS = 7;

/** "2026-12-06/18:00-20:00" → "12-06 18:00-20:00": the slot as people read it. */
export function slotWords(slot_key: string): string {
  const [date = '', window = ''] = slot_key.split('/');
  return `${date.slice(5)} ${window}`;
}

/**
 * The community's slots a failed delivery may be booked again in: those still ahead (the API refuses past ones)
 * other than the slot that failed. A full slot is offered too: a re-delivery takes no new seat.
 */
function useLaterSlots(community_id: string, except_key: string) {
  const [slots, setSlots] = useState<Slot[] | null>(null);
  const [error, setError] = useState<unknown>(null);
  useEffect(() => {
    let live = true;
    call(routes.listSlots, { params: { community_id }, query: { days: DAYS } })
      .then((r) => {
        const now = Date.now();
        if (live) setSlots(r.items.filter((s) => s.slot_key !== except_key && new Date(s.starts_at).getTime() > now));
      })
      .catch((e: unknown) => live && setError(e));
    return () => {
      live = false;
    };
  }, [community_id, except_key]);
  return { slots, error };
}

/** A choice among the later slots, as chips (date and window). */
export function SlotChooser(props: { community_id: string; except_key: string; value: string | null; onChange(k: string): void }) {
  const { slots, error } = useLaterSlots(props.community_id, props.except_key);
  if (error) return <ErrorNotice error={error} title="读取配送时段失败" />;
  if (!slots) return <LoadingView />;
  if (slots.length === 0)
    return (
      <View className="slot-chooser">
        <Text>最近 {DAYS} 天没有可选的配送时段</Text>
      </View>
    );
  return (
    <View className="slot-chooser" data-testid="slot-chooser">
      <Chips
        small
        options={slots.map((s) => ({ value: s.slot_key, label: slotWords(s.slot_key) }))}
        value={props.value}
        onChange={props.onChange}
      />
    </View>
  );
}
