import { View, Text } from '@tarojs/components';
import { formatFen, type AgriInquiry } from '@cc/shared';
import { when } from '../../commerce/lib';
import { NoteBox } from '../../ui';
import { DealBox } from './Deal';

/** "青菜 · ¥3.50/斤" as the thread started. */
export function inquirySubject(q: AgriInquiry): string {
  const s = q.post_summary;
  return `${s.variety} · ${s.unit_price_fen === null ? '价格面议' : `${formatFen(s.unit_price_fen)}/${s.unit}`}`;
}

/** The messages of one inquiry, with who wrote each and when; a box to answer or ask again; the deal (成交). */
export function Thread({
  q,
  onSend,
  onChange,
}: {
  q: AgriInquiry;
  onSend(text: string): Promise<boolean>;
  /** The thread as a deal step returned it. */
  onChange(next: AgriInquiry): void;
}) {
  const name = (from: 'buyer' | 'farmer') => (from === q.my_side ? '我' : from === 'buyer' ? q.buyer_name : q.farmer_name);
  const waiting = q.awaiting === q.my_side;
  return (
    <View className="cc-card agri-thread" data-testid="agri-thread" data-awaiting={q.awaiting}>
      <Text className="agri-post__title">{inquirySubject(q)}</Text>
      <Text className="agri-muted">
        {q.my_side === 'farmer' ? `买家 ${q.buyer_name}` : `农户 ${q.farmer_name}`} · {waiting ? '等您回复' : '等对方回复'}
      </Text>
      <View role="list" aria-label="询价消息">
        {q.messages.map((msg, i) => (
          <View key={i} role="listitem" className="agri-thread__msg" data-testid="agri-thread-msg" data-from={msg.from}>
            <Text className="agri-thread__who">
              {name(msg.from)} · {when(msg.at)}
            </Text>
            <Text className="agri-thread__msg">{msg.text}</Text>
          </View>
        ))}
      </View>
      <View data-testid="agri-thread-reply">
        <NoteBox
          label={q.my_side === 'farmer' ? '回复买家' : '继续询问'}
          placeholder={q.my_side === 'farmer' ? '如：有货，3.5 元一斤，可以送到' : '如：能不能每周送一次？'}
          submitText={q.my_side === 'farmer' ? '回复' : '发送'}
          min={1}
          max={300}
          onSubmit={onSend}
        />
      </View>
      <DealBox q={q} onChange={onChange} />
    </View>
  );
}
