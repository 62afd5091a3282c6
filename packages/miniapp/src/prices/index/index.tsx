import { View, Text } from '@tarojs/components';
import { Card, EmptyView, ErrorView, isPending, LoadingView, PendingPage } from '../../ui';
import { PriceChart } from './PriceChart';
import { Pickers, PositionCard, PriceTable, summaryText } from './sections';
import { usePrices, type TrendState } from './usePrices';
import './prices.css';

function TrendSection({ trend }: { trend: TrendState }) {
  if (trend.kind === 'loading') return <LoadingView text="正在加载行情…" />;
  if (trend.kind === 'error') return <ErrorView message={trend.message} />;
  const t = trend.trend;
  return (
    <>
      <Card title="价格走势" testid="price-trend">
        <Text className="prices-summary" data-testid="price-summary" aria-live="polite">
          {summaryText(t)}
        </Text>
        {t.series.length > 0 && <PriceChart series={t.series} />}
      </Card>
      {t.series.length > 0 && <PriceTable t={t} />}
    </>
  );
}

/** 农产品行情 — everyone's: pick a variety, a region and a window; the trend, its words, and the daily table. */
export default function PricesPage() {
  const { state, load, choice, choose, trend, position } = usePrices();
  if (isPending(state)) return <PendingPage state={state} onRetry={() => void load()} />;
  if (state.kind === 'empty' || !choice)
    return (
      <View className="page">
        <EmptyView title="还没有行情数据" description="有成交或报价后，这里会显示每天的价格" />
      </View>
    );
  return (
    <View className="page prices-page" data-testid="prices-page">
      <Pickers varieties={state.varieties} choice={choice} choose={choose} />
      {position && <PositionCard p={position} />}
      <TrendSection trend={trend} />
    </View>
  );
}
