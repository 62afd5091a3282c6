import { useState } from 'react';
import { View, Text } from '@tarojs/components';
import { Button } from '@nutui/nutui-react-taro';
import { AGRI_CERT_WORDS, AGRI_CATEGORY_TREE } from '@cc/shared';
import { when } from '../../commerce/lib';
import { Card, EmptyView, PhotoRow, ReasonBox } from '../../ui';
import { PostSummary } from '../../farmer/lib/components';
import type { Action, Item, ModerationPage, Pending } from './useModeration';

const ACTION_WORDS: Record<Action, string> = { hide: '下架', restore: '放行', warn: '警告' };
const REPORT_WORDS: Record<string, string> = {
  fake: '虚假信息',
  wrong_price: '价格不实',
  prohibited: '违禁物品',
  spam: '广告骚扰',
  other: '其他',
};

/** Why the post is here: the checks that held it, the reports against it. */
function Why({ item }: { item: Item }) {
  const p = item.post;
  return (
    <>
      {p.private?.hold_reasons.map((r) => (
        <Text key={r.code} className="agri-post__warn" data-testid="mod-hold-reason">
          拦截原因：{r.words}
        </Text>
      ))}
      {item.reports.map((r) => (
        <Text key={r.id} className="agri-post__warn" data-testid="mod-report">
          举报（{when(r.created_at)}）：{REPORT_WORDS[r.reason] ?? r.reason}
          {r.note ? ` · ${r.note}` : ''}
        </Text>
      ))}
    </>
  );
}

/** 下架 / 放行 / 警告, each with its reason (the poster reads it). */
function Decide({ item, page }: { item: Item; page: ModerationPage }) {
  const [action, setAction] = useState<Action | null>(null);
  const p = item.post;
  const actions: Action[] = p.status === 'hidden' ? ['restore'] : p.status === 'held' ? ['restore', 'hide'] : ['hide', 'warn'];
  if (action)
    return (
      <ReasonBox
        label={`${ACTION_WORDS[action]}原因`}
        placeholder={action === 'hide' ? '如：数量明显不实，一户人家不可能有这么多' : '如：已电话核实'}
        submitText={ACTION_WORDS[action]}
        danger={action === 'hide'}
        onSubmit={(reason) => page.moderate(p, action, reason)}
        onCancel={() => setAction(null)}
      />
    );
  return (
    <View className="agri-actions">
      {actions.map((a) => (
        <Button key={a} fill="outline" type={a === 'hide' ? 'danger' : 'primary'} data-testid={`mod-${a}`} onClick={() => setAction(a)}>
          {ACTION_WORDS[a]}
        </Button>
      ))}
    </View>
  );
}

/** The pending certifications of a post, each with its evidence photo to look at, confirmed or rejected. */
function Certs({ item, page }: { item: Item; page: ModerationPage }) {
  const p = item.post;
  if (p.kind !== 'supply') return null;
  return (
    <>
      {p.certifications
        .filter((c) => c.status === 'pending')
        .map((c) => (
          <View key={c.kind} className="agri-cert" data-testid="mod-cert" data-kind={c.kind}>
            <Text className="agri-post__title">{AGRI_CERT_WORDS[c.kind]}</Text>
            <View data-testid="mod-cert-evidence">
              {c.evidence_url ? <PhotoRow urls={[c.evidence_url]} /> : <Text className="agri-post__warn">证书照片已不存在，请不通过</Text>}
            </View>
            <View className="agri-actions">
              <Button
                fill="outline"
                type="primary"
                data-testid="mod-cert-confirm"
                disabled={!c.evidence_url}
                onClick={() => void page.checkCert(p, c.kind, 'confirmed')}
              >
                核验通过
              </Button>
              <Button
                fill="outline"
                type="danger"
                data-testid="mod-cert-reject"
                onClick={() => void page.checkCert(p, c.kind, 'rejected', '证书照片与信息不符')}
              >
                不通过
              </Button>
            </View>
          </View>
        ))}
    </>
  );
}

/** One post of a queue: what, who, why it is here, and the decisions. */
export function QueueItem({ item, page }: { item: Item; page: ModerationPage }) {
  const p = item.post;
  return (
    <Card className="agri-mod-item" testid="mod-item">
      <PostSummary post={p} />
      <Text className="agri-muted">
        {p.poster.display_name} · {p.poster.credit.level_words} · 发布于 {when(p.created_at)}
      </Text>
      <Why item={item} />
      {page.tab === 'certifications' ? <Certs item={item} page={page} /> : <Decide item={item} page={page} />}
    </Card>
  );
}

/** New varieties farmers typed: confirm them into the list, or not. */
export function Varieties({ list, page }: { list: Pending[]; page: ModerationPage }) {
  if (list.length === 0) return <EmptyView title="没有待确认的新品种" />;
  return (
    <>
      {list.map((v) => (
        <Card key={`${v.category}/${v.variety_key}`} className="agri-mod-item" testid="mod-variety">
          <Text className="agri-post__title">
            {AGRI_CATEGORY_TREE[v.category].name} · {v.variety}
          </Text>
          <Text className="agri-muted">
            {v.posts} 条信息使用 · 首次出现 {when(v.first_seen_at)}
          </Text>
          <View className="agri-actions">
            <Button fill="outline" type="primary" onClick={() => void page.confirmVariety(v, true)}>
              确认品种
            </Button>
            <Button fill="outline" type="danger" onClick={() => void page.confirmVariety(v, false)}>
              不是品种
            </Button>
          </View>
        </Card>
      ))}
    </>
  );
}
