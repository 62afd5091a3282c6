import { View, Text } from '@tarojs/components';
import { Button } from '@nutui/nutui-react-taro';
import type { AgriPost } from '@cc/shared';
import { when } from '../commerce/lib';
import { Card, Notice } from '../ui';
import { PostSummary } from '../farmer/lib/components';

/** The post at a glance: what, status, place and window, until when it shows, and the poster's credit. */
export function PostHead({ post: p }: { post: AgriPost }) {
  return (
    <Card className="agri-head" testid="agri-post-head">
      <PostSummary post={p} />
      <Text className="agri-muted">
        {p.category_name}
        {p.variety_confirmed ? '' : ' · 新品种待服务站确认'} · 展示到 {when(p.expires_at)}
      </Text>
      <Text className="agri-muted">
        {p.poster.display_name} · {p.poster.credit.level_words}
        {p.poster.credit.verified ? ' · 已实名' : ''}
      </Text>
    </Card>
  );
}

/** Why the post is not public: waiting for verification, held by a check, hidden by the station. */
export function WhyNotPublic({ post: p }: { post: AgriPost }) {
  const priv = p.private;
  if (p.status === 'pending_verification')
    return (
      <Notice tone="info" title="实名认证后公开" testid="agri-why">
        <Text>信息已保存。完成实名认证、服务站核对后，这条信息就会公开。</Text>
      </Notice>
    );
  if (p.status === 'held')
    return (
      <Notice tone="warning" title="服务站审核中" testid="agri-why">
        <Text>{priv?.hold_reasons.map((r) => r.words).join('；') || '这条信息需要人工审核'}。审核通过后公开。</Text>
      </Notice>
    );
  if (p.status === 'hidden')
    return (
      <Notice tone="danger" title="已被服务站下架" testid="agri-why">
        <Text>原因：{priv?.moderation_note ?? '未说明'}</Text>
      </Notice>
    );
  if (priv?.moderation_note)
    return (
      <Notice tone="warning" title="服务站提醒" testid="agri-why">
        <Text>{priv.moderation_note}</Text>
      </Notice>
    );
  return null;
}

/** 续期 (also reopens a closed or expired post) and 关闭. */
export function PostActions(props: { post: AgriPost; busy: string | null; onRenew(): void; onClose(): void; prefix: string }) {
  const { post: p, busy, prefix } = props;
  const closable = p.status !== 'closed' && p.status !== 'hidden';
  return (
    <View className="agri-actions">
      {p.status !== 'hidden' && (
        <Button fill="outline" data-testid={`${prefix}-renew`} loading={busy === 'renew'} disabled={!!busy} onClick={props.onRenew}>
          {p.status === 'closed' || p.status === 'expired' ? '重新展示' : '续期'}
        </Button>
      )}
      {closable && (
        <Button
          fill="outline"
          type="danger"
          data-testid={`${prefix}-close`}
          loading={busy === 'close'}
          disabled={!!busy}
          onClick={props.onClose}
        >
          关闭
        </Button>
      )}
    </View>
  );
}
