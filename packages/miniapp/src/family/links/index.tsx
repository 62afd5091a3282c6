import Taro from '@tarojs/taro';
import { View, Text } from '@tarojs/components';
import { Button } from '@nutui/nutui-react-taro';
import type { FamilyLink } from '@cc/shared';
import { isPending, Notice, PendingPage, Tag, TextField } from '../../ui';
import { FAMILY_PAGES } from '../lib';
import { useLinks, type LinksModel } from './useLinks';
import '../family.css';

const LINK_WORDS = {
  pending: { word: '等待家人确认', tone: 'warning' },
  approved: { word: '已关联', tone: 'success' },
  declined: { word: '家人没有同意', tone: 'neutral' },
  revoked: { word: '关联已解除', tone: 'neutral' },
} as const;

function LinkItem({ link, m }: { link: FamilyLink; m: LinksModel }) {
  const w = LINK_WORDS[link.status];
  return (
    <View className="family-card" data-testid="family-link" data-status={link.status}>
      <View className="family-row cc-spread">
        <Text className="family-card__title">
          {link.relation} · {link.elder_name}
        </Text>
        <Tag tone={w.tone}>{w.word}</Tag>
      </View>
      {link.status === 'approved' && (
        <Button
          type="primary"
          data-testid="order-for"
          onClick={() => void Taro.navigateTo({ url: `${FAMILY_PAGES.order}?link_id=${link.id}` })}
        >
          为{link.elder_name}下单
        </Button>
      )}
      {link.status === 'approved' && (
        <Button data-testid="revoke-link" disabled={m.busy} onClick={() => void m.revoke(link)}>
          解除关联
        </Button>
      )}
    </View>
  );
}

function RequestForm({ m }: { m: LinksModel }) {
  const f = m.form;
  return (
    <View className="family-card">
      <Text className="family-card__title">申请关联家人</Text>
      <Text className="family-card__line">
        填写家人登记的手机号和姓名。家人在社区终端刷卡并输入密码同意后，您就可以为家人下单，由家人确认付款。
      </Text>
      <TextField testid="elder-phone" label="家人的手机号" keypad="tel" maxLength={11} value={f.phone} onChange={f.setPhone} />
      <TextField testid="elder-name" label="家人的姓名" maxLength={20} value={f.name} onChange={f.setName} />
      <TextField testid="relation" label="您是家人的（如 儿子、女儿）" maxLength={10} value={f.relation} onChange={f.setRelation} />
      {m.error && (
        <Notice tone="danger" testid="link-error">
          <Text>{m.error}</Text>
        </Notice>
      )}
      <Button type="primary" block loading={m.busy} disabled={m.busy} data-testid="request-link" onClick={() => void m.submit()}>
        发送申请
      </Button>
    </View>
  );
}

/** 关联家人: ask to be linked to an elder, see whether they said yes, and order for them once they did. */
export default function FamilyLinksPage() {
  const m = useLinks();
  if (isPending(m.state)) return <PendingPage state={m.state} onRetry={() => void m.load()} />;
  return (
    <View className="page family-links">
      <Text className="page-title">关联家人</Text>
      {m.notice && (
        <Notice tone="ok" testid="link-notice">
          <Text>{m.notice}</Text>
        </Notice>
      )}
      {m.state.links.map((l) => (
        <LinkItem key={l.id} link={l} m={m} />
      ))}
      <RequestForm m={m} />
      <Button data-testid="my-proxy-orders" onClick={() => void Taro.navigateTo({ url: FAMILY_PAGES.orders })}>
        我为家人下的单
      </Button>
    </View>
  );
}
