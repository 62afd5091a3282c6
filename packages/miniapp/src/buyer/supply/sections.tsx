import { useState } from 'react';
import { View, Text } from '@tarojs/components';
import { AGRI_REPORT_REASONS, type SupplyPost } from '@cc/shared';
import { Card, Chips, Fact, NoteBox, Notice, PhotoRow } from '../../ui';
import { quantityWords, type ReportReason } from '../../farmer/lib/agri';

const REPORT_WORDS: Record<ReportReason, string> = {
  fake: '虚假信息',
  wrong_price: '价格不实',
  prohibited: '违禁物品',
  spam: '广告骚扰',
  other: '其他',
};

/** What else a buyer needs to know: minimum order, checked certifications, description. */
export function SupplyFacts({ post: p }: { post: SupplyPost }) {
  const certs = p.certifications.filter((c) => c.status === 'confirmed');
  return (
    <Card title="详情" testid="supply-facts">
      {p.photos && p.photos.length > 0 && (
        <View data-testid="supply-view-photos">
          <PhotoRow urls={p.photos.map((x) => x.url)} />
        </View>
      )}
      <Fact label="起订量">{p.min_order_quantity === null ? '不限' : quantityWords(p.min_order_quantity, p.unit)}</Fact>
      <Fact label="认证">
        <Text data-testid="supply-view-certs">{certs.length ? certs.map((c) => `${c.words}（已核验）`).join('、') : '无'}</Text>
      </Fact>
      <Fact label="产地">{[p.origin.county, p.origin.township, p.origin.village].filter(Boolean).join(' ')}</Fact>
      {p.description && <Fact label="说明">{p.description}</Fact>}
    </Card>
  );
}

/** 举报: a reason and an optional note. */
export function ReportBox({ onReport, reported }: { onReport(r: ReportReason, note: string): Promise<boolean>; reported: string | null }) {
  const [reason, setReason] = useState<ReportReason | null>(null);
  if (reported)
    return (
      <Notice tone="info" testid="supply-reported">
        <Text>{reported}</Text>
      </Notice>
    );
  return (
    <Card title="信息有问题？" testid="supply-report">
      <Chips
        small
        options={AGRI_REPORT_REASONS.map((r): { value: ReportReason; label: string } => ({ value: r, label: REPORT_WORDS[r] }))}
        value={reason}
        onChange={(v) => setReason(v as ReportReason)}
      />
      {reason && (
        <View>
          <NoteBox label="补充说明" placeholder="选填" submitText="举报" max={200} onSubmit={(note) => onReport(reason, note)} />
        </View>
      )}
    </Card>
  );
}
