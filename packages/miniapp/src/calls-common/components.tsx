import { View, Text } from '@tarojs/components';
import { formatFen, type Call, type Service, CALL_STATUS_WORDS } from '@cc/shared';
import { ACTOR_NAMES, CHANNEL_NAMES, actionName, attributeLines, countdownText, when } from './lib';
import { Fact, PhotoRow, StatusTag, Timeline } from '../ui';
import './calls.css';

const FEE_STATUS = { due: '待支付', paying: '支付处理中', paid: '已支付' } as const;

export function EmergencyTag() {
  return <Text className="call-tag call-tag--emergency call-emergency-tag">紧急</Text>;
}

/** The head of a call's page: service, status, SLA clock, and what the resident asked for. */
export function CallFacts({
  call,
  service,
  now,
  requester,
  provider,
}: {
  call: Call;
  service: Service | null;
  now: number;
  /** Shown to operators and providers: who asked. */
  requester?: string | null;
  provider?: string | null;
}) {
  const countdown = countdownText(call, now);
  return (
    <View className="call-card call-facts">
      <View className="call-facts__head cc-spread">
        <Text className="call-facts__name">{call.service_name}</Text>
        <View className="call-facts__tags">
          {call.priority === 'emergency' && <EmergencyTag />}
          <StatusTag lifecycle="call" status={call.status} />
        </View>
      </View>
      {countdown && <Text className={`call-countdown ${countdown.includes('超时') ? 'call-countdown--late' : ''}`}>{countdown}</Text>}
      {requester && <Fact label="居民">{requester}</Fact>}
      <Fact label="地址" className="call-facts__address">
        <Text>{call.address}</Text>
      </Fact>
      {call.description && (
        <Fact label="描述" className="call-facts__description">
          <Text>{call.description}</Text>
        </Fact>
      )}
      {attributeLines(call.service_snapshot ?? service, call.attributes).map((l) => (
        <Fact key={l.label} label={l.label} className="call-facts__attr">
          <Text>{l.value}</Text>
        </Fact>
      ))}
      {call.preferred_time && <Fact label="期望时间">{when(call.preferred_time)}</Fact>}
      {call.photos.length > 0 && (
        <Fact label="照片">
          <PhotoRow urls={call.photos.map((p) => p.url)} />
        </Fact>
      )}
      {call.contact && (
        <Fact label="联系人">
          <Text>
            {[call.contact.last_name, call.contact.first_name].filter(Boolean).join('') || '未留姓名'}
            {call.contact.phone_masked ? ` ${call.contact.phone_masked}` : ''}
          </Text>
        </Fact>
      )}
      {call.fee && (
        <Fact label="服务费" className="call-facts__fee">
          <Text>
            {formatFen(call.fee.amount_fen)} · {FEE_STATUS[call.fee.status]}
          </Text>
        </Fact>
      )}
      {provider && <Fact label="服务人员">{provider}</Fact>}
      <Fact label="发起">
        <Text>
          {when(call.created_at)} · {CHANNEL_NAMES[call.channel]}
        </Text>
      </Fact>
      <Fact label="编号">
        <Text className="call-id" data-testid="call-number">
          {call.number}
        </Text>
      </Fact>
    </View>
  );
}

/** The status history, newest last: what happened, who did it, and their note. */
export function CallTimeline({ call, nameOf }: { call: Call; nameOf?: (user_id: string) => string | null }) {
  const steps = call.history.map((h, i) => {
    const who = h.actor_id && nameOf ? nameOf(h.actor_id) : null;
    return {
      key: `${h.at}-${i}`,
      action: h.action,
      title: actionName(h.action),
      status: h.to && h.from !== h.to ? CALL_STATUS_WORDS[h.to].word : null,
      meta: `${when(h.at)} · ${ACTOR_NAMES[h.actor_role]}${who ? ` ${who}` : ''}`,
      note: h.note,
    };
  });
  return <Timeline className="call-timeline" steps={steps} />;
}

/** A call in a list: service, status, countdown, address, and what was asked. */
export function CallRow({
  call,
  now,
  requester,
  onClick,
  className = '',
}: {
  call: Call;
  now: number;
  requester?: string | null;
  onClick: () => void;
  className?: string;
}) {
  const countdown = countdownText(call, now);
  return (
    <View
      className={`call-row ${call.priority === 'emergency' ? 'call-row--emergency' : ''} ${className}`}
      data-call-id={call.id}
      role="button"
      onClick={onClick}
    >
      <View className="call-row__head cc-spread">
        <Text className="call-row__name">{call.service_name}</Text>
        <View className="call-facts__tags">
          {call.priority === 'emergency' && <EmergencyTag />}
          <StatusTag lifecycle="call" status={call.status} />
        </View>
      </View>
      {requester && <Text className="call-row__who">{requester}</Text>}
      <Text className="call-row__line">{call.address}</Text>
      {call.description && <Text className="call-row__line call-row__desc">{call.description}</Text>}
      <View className="call-row__foot">
        <Text className="call-row__time">{when(call.created_at)}</Text>
        {countdown && (
          <Text className={`call-countdown call-row__countdown ${countdown.includes('超时') ? 'call-countdown--late' : ''}`}>
            {countdown}
          </Text>
        )}
        {call.escalation_level > 0 && <Text className="call-row__escalated">已升级</Text>}
      </View>
    </View>
  );
}
