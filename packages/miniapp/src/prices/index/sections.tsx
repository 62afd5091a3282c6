import { View, Text } from '@tarojs/components';
import { formatFen, type PricePosition, type PriceTrend, type PriceVarietyEntry } from '@cc/shared';
import { Card, Chips, Fact, Notice } from '../../ui';
import type { Choice, Days } from './usePrices';

const DAYS_OPTIONS = [
  { value: '7', label: '近 7 天' },
  { value: '30', label: '近 30 天' },
  { value: '90', label: '近 90 天' },
];
const POSITION_WORDS = { below: '低于', near: '接近', above: '高于' } as const;

/** Variety, region and window, as chips (the variety's regions with data, widest first). */
export function Pickers({
  varieties,
  choice,
  choose,
}: {
  varieties: PriceVarietyEntry[];
  choice: Choice;
  choose: (c: Partial<Choice>) => void;
}) {
  const variety = varieties.find((v) => v.name === choice.variety) ?? varieties[0];
  return (
    <Card className="prices-pickers" testid="price-pickers">
      <Text className="prices-label">品种</Text>
      <Chips
        options={varieties.map((v) => ({ value: v.name, label: v.name }))}
        value={choice.variety}
        onChange={(v) => choose({ variety: v, region: '' })}
      />
      <Text className="prices-label">地区</Text>
      <Chips
        small
        options={(variety?.regions ?? []).map((r) => ({ value: r.path, label: r.name }))}
        value={choice.region}
        onChange={(r) => choose({ region: r })}
      />
      <Text className="prices-label">时间</Text>
      <Chips options={DAYS_OPTIONS} value={String(choice.days)} onChange={(d) => choose({ days: Number(d) as Days })} />
    </Card>
  );
}

const yuan = (fen: number) => formatFen(fen);

/** The window in one sentence, for everyone and for screen readers (the chart itself is hidden from them). */
export function summaryText(t: PriceTrend): string {
  const unit = t.variety.base_unit;
  if (!t.summary) return `${t.region.name}近 ${t.days} 天没有${t.variety.name}的成交和报价。`;
  const s = t.summary;
  const change = s.change_fen === 0 ? '与期初持平' : `比期初${s.change_fen > 0 ? '上涨' : '下降'} ${yuan(Math.abs(s.change_fen))}`;
  return (
    `${t.region.name}${t.variety.name}近 ${t.days} 天：最新（${s.latest.date}）中位价每${unit} ${yuan(s.latest.median_fen)}，${change}；` +
    `期间最低 ${yuan(s.low_fen)}，最高 ${yuan(s.high_fen)}，共 ${s.count} 笔，${s.volume} ${unit}。`
  );
}

/** 我的报价 (farmers): their asking price against the regional median. */
export function PositionCard({ p }: { p: PricePosition }) {
  if (!p.ask) return null;
  return (
    <Card title="我的报价" testid="price-position">
      <Fact label="我的报价">
        <Text>
          {yuan(p.ask.price_fen)} / {p.ask.unit}
        </Text>
      </Fact>
      {p.reference && p.position ? (
        <>
          <Fact label={`${p.reference.region.name}中位价`}>
            <Text>
              {yuan(p.reference.day.median_fen)}（{p.reference.day.date}）
            </Text>
          </Fact>
          <Notice tone={p.position === 'near' ? 'ok' : 'info'}>
            <Text>
              您的报价{POSITION_WORDS[p.position]}本地中位价
              {p.difference_fen ? `，相差 ${yuan(Math.abs(p.difference_fen))}（${Math.abs(p.difference_percent ?? 0)}%）` : ''}。
            </Text>
          </Notice>
        </>
      ) : (
        <Text className="prices-muted">近 30 天本地还没有可比较的行情。</Text>
      )}
    </Card>
  );
}

const COLUMNS = ['日期', '最低', '最高', '中位', '均价', '成交量'];

/** The figures day by day, newest first, as a real table for screen readers (role=table, row, cell). */
export function PriceTable({ t }: { t: PriceTrend }) {
  const rows = [...t.series].reverse();
  return (
    <Card title={`每日行情（元/${t.variety.base_unit}）`} testid="price-table">
      <View role="table" aria-label={`${t.variety.name}每日行情`} className="prices-table">
        <View role="row" className="prices-row prices-row--head">
          {COLUMNS.map((c) => (
            <View key={c} role="columnheader" className="prices-cell">
              <Text>{c}</Text>
            </View>
          ))}
        </View>
        {rows.map((d) => (
          <View key={d.date} role="row" className="prices-row" data-testid="price-row" data-date={d.date}>
            <View role="cell" className="prices-cell">
              <Text>{d.date.slice(5)}</Text>
            </View>
            {[d.low_fen, d.high_fen, d.median_fen, d.mean_fen].map((f, i) => (
              <View key={i} role="cell" className="prices-cell">
                <Text>{(f / 100).toFixed(2)}</Text>
              </View>
            ))}
            <View role="cell" className="prices-cell">
              <Text>{d.volume}</Text>
            </View>
          </View>
        ))}
      </View>
      <Text className="prices-muted">
        明显偏离当天中位价的报价（离群值）不计入；共剔除 {t.series.reduce((a, d) => a + d.excluded, 0)} 笔。
      </Text>
    </Card>
  );
}
