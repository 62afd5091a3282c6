import { View, Text } from '@tarojs/components';
import { Button } from '@nutui/nutui-react-taro';
import { shanghaiDate, shanghaiTime, type InboxItem } from '@cc/shared';
import { EmptyView, isPending, Money, MoreLine, PendingPage, Tag, tappable } from '../../ui';
import { useInbox } from './useInbox';
import { useSubscribe } from './useSubscribe';
import './index.css';

/** When, in words people read: 今天 08:30, or the date. */
function when(iso: string): string {
  const at = new Date(iso);
  const day = shanghaiDate(at);
  return `${day === shanghaiDate(new Date()) ? '今天' : day} ${shanghaiTime(at)}`;
}

function InboxRow({ item, onOpen }: { item: InboxItem; onOpen: (item: InboxItem) => void }) {
  return (
    <View
      className={`inbox-row ${item.read ? 'inbox-row--read' : 'inbox-row--unread'}`}
      data-testid="inbox-row"
      data-read={item.read ? 'true' : 'false'}
      {...tappable(() => onOpen(item))}
    >
      <View className="inbox-row__head cc-spread">
        <Text className="inbox-row__title">{item.title}</Text>
        {!item.read && (
          <Tag tone="info" className="inbox-row__unread">
            未读
          </Tag>
        )}
      </View>
      <Text className="inbox-row__body">{item.body}</Text>
      <View className="inbox-row__foot cc-spread">
        <Text className="inbox-row__time">{when(item.created_at)}</Text>
        {item.amount_fen !== null && <Money fen={item.amount_fen} className="inbox-row__amount" />}
      </View>
    </View>
  );
}

/** 我的消息: what happened to the person's orders, calls and money, newest first; unread ones marked. */
export default function InboxPage() {
  const { state, unread, load, markRead, open } = useInbox();
  const wechat = useSubscribe();
  if (isPending(state)) return <PendingPage state={state} onRetry={() => void load()} />;
  return (
    <View className="page inbox" data-testid="inbox-page">
      <View className="inbox__head cc-spread cc-spread--baseline">
        <Text className="page-title">我的消息</Text>
        <Text className="inbox__count" data-testid="inbox-unread">
          {unread > 0 ? `${unread} 条未读` : '没有未读消息'}
        </Text>
      </View>
      {unread > 0 && (
        <Button
          className="inbox__all-read"
          data-testid="inbox-mark-all"
          block
          fill="outline"
          type="primary"
          onClick={() => void markRead('all')}
        >
          全部标为已读
        </Button>
      )}
      {wechat.available && (
        <Button className="inbox__subscribe" block fill="outline" disabled={wechat.busy} onClick={() => void wechat.subscribe()}>
          开启微信提醒
        </Button>
      )}
      {state.items.length === 0 ? (
        <EmptyView title="还没有消息" description="订单付款、发货、送达、退款，呼叫的受理和办结，充值到账都会在这里告诉您" />
      ) : (
        <>
          {state.items.map((item) => (
            <InboxRow key={item.id} item={item} onOpen={open} />
          ))}
          <MoreLine more={state.more} next={state.next} />
        </>
      )}
    </View>
  );
}
