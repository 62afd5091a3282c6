import { useState } from 'react';
import { View, Text } from '@tarojs/components';
import { DatePicker } from '@nutui/nutui-react-taro';
import { fromShanghai, type AgriPost } from '@cc/shared';
import { tappable } from '../../ui/tappable';
import { Field, Notice, Tag } from '../../ui';
import { AGRI_STATUS_TONES, postLine, windowWords } from './agri';
import './agri.css';

/** A post's status in the shared words of the contract (post.status_words). */
export function AgriStatusTag({ post }: { post: Pick<AgriPost, 'status' | 'status_words'> }) {
  return (
    <Tag tone={AGRI_STATUS_TONES[post.status]} className="agri-status">
      {post.status_words}
    </Tag>
  );
}

/** Where a post comes from or goes to, and when. */
export function placeAndWindow(p: AgriPost): string {
  return p.kind === 'supply'
    ? `${p.origin.village} · 上市 ${windowWords(p.available_from, p.available_to)}`
    : `${p.delivery.place} · ${p.frequency_words} · 需要 ${windowWords(p.needed_from, p.needed_to)}`;
}

/** The first lines of a post's card: what (variety, quantity, price) with its status, then where and when. */
export function PostSummary({ post: p }: { post: AgriPost }) {
  return (
    <>
      <View className="agri-post__head cc-spread cc-spread--top">
        <Text className="agri-post__title">{postLine(p)}</Text>
        <AgriStatusTag post={p} />
      </View>
      <Text className="agri-muted">{placeAndWindow(p)}</Text>
    </>
  );
}

/** One post in a list: what, how much, price, place and window, status; opens it. */
export function PostRow({ post: p, onOpen, extra }: { post: AgriPost; onOpen(): void; extra?: string | null }) {
  return (
    <View className="cc-card agri-post" data-testid="agri-post-row" data-variety={p.variety} {...tappable(onOpen)}>
      <PostSummary post={p} />
      {p.private && p.private.hold_reasons.length > 0 && (
        <Text className="agri-post__warn">审核原因：{p.private.hold_reasons.map((r) => r.words).join('；')}</Text>
      )}
      {extra && <Text className="agri-post__extra">{extra}</Text>}
    </View>
  );
}

/** What just happened and what failed, above a form. */
export function Outcome({ done, error, prefix }: { done: string | null; error: string | null; prefix: string }) {
  return (
    <>
      {done && (
        <Notice tone="ok" testid={`${prefix}-done`}>
          <Text>{done}</Text>
        </Notice>
      )}
      {error && (
        <Notice tone="danger" testid={`${prefix}-error`}>
          <Text>{error}</Text>
        </Notice>
      )}
    </>
  );
}

/** A date chosen with the kit's date picker (YYYY-MM-DD in Asia/Shanghai). */
export function DateField(props: {
  label: string;
  value: string;
  min: string;
  max: string;
  error?: string;
  testid: string;
  onChange(v: string): void;
}) {
  const [open, setOpen] = useState(false);
  return (
    <Field label={props.label} required error={props.error}>
      <View className="biz-picker-trigger" data-testid={props.testid} {...tappable(() => setOpen(true), `${props.label} ${props.value}`)}>
        <Text>{props.value}</Text>
      </View>
      <DatePicker
        title={props.label}
        type="date"
        visible={open}
        showChinese
        startDate={fromShanghai(props.min, '12:00')}
        endDate={fromShanghai(props.max, '12:00')}
        defaultValue={fromShanghai(props.value, '12:00')}
        onClose={() => setOpen(false)}
        onConfirm={(_o, values) => {
          const [y, m, d] = values.map((v) => String(v).padStart(2, '0'));
          props.onChange(`${y}-${m}-${d}`);
        }}
      />
    </Field>
  );
}

/** The reasons a match was made, as tags: 同品种 · 数量满足 · … */
export function Reasons({ reasons }: { reasons: string[] }) {
  return (
    <View className="agri-reasons" data-testid="agri-reasons" role="list" aria-label="匹配原因">
      {reasons.map((r) => (
        <View key={r} role="listitem" className="agri-reason">
          <Text>{r}</Text>
        </View>
      ))}
    </View>
  );
}
