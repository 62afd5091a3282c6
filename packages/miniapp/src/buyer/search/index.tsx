import Taro, { useReachBottom } from '@tarojs/taro';
import { View, Text } from '@tarojs/components';
import type { AgriPost } from '@cc/shared';
import { pageTextClass } from '../../settings/largeText';
import { EmptyView, ErrorView, LoadingView, MoreLine } from '../../ui';
import { AGRI_PAGES } from '../../farmer/lib/agri';
import { PostRow } from '../../farmer/lib/components';
import { MoreFilters, WhatFilters } from './Filters';
import { useSearch } from './useSearch';
import '../../farmer/lib/agri.css';

/** Distance and the poster's credit under each result. */
function extraOf(p: AgriPost): string {
  const parts = [p.poster.display_name, p.poster.credit.level_words];
  if (p.distance_km !== null) parts.push(`相距 ${Math.round(p.distance_km)} 公里`);
  if (p.kind === 'supply' && p.certifications.some((c) => c.status === 'confirmed'))
    parts.push(
      p.certifications
        .filter((c) => c.status === 'confirmed')
        .map((c) => c.words)
        .join('、'),
    );
  return parts.join(' · ');
}

/** 找货源: search of open supply posts with filters and a sort, 20 at a time. */
export default function SupplySearch() {
  const page = useSearch();
  useReachBottom(() => page.more());
  const s = page.state;
  return (
    <View className={`page agri-search ${pageTextClass()}`} data-testid="agri-search">
      <View className="page-title" role="heading" aria-level={1}>
        <Text>找货源</Text>
      </View>
      <View className="biz-form">
        <WhatFilters page={page} />
        <MoreFilters page={page} />
      </View>
      <View className="section-title" role="heading" aria-level={2}>
        <Text>供应信息</Text>
      </View>
      {s.kind === 'loading' && <LoadingView />}
      {s.kind === 'error' && <ErrorView message={s.message} onRetry={page.search} />}
      {s.kind === 'ready' && s.items.length === 0 && <EmptyView title="没有符合条件的供应" description="放宽距离或价格再试试" />}
      {s.kind === 'ready' && s.items.length > 0 && (
        <View data-testid="search-results">
          {s.items.map((p) => (
            <PostRow
              key={p.id}
              post={p}
              extra={extraOf(p)}
              onOpen={() => void Taro.navigateTo({ url: `${AGRI_PAGES.supplyView}?id=${p.id}` })}
            />
          ))}
          <MoreLine more={s.more} next={s.next} />
        </View>
      )}
    </View>
  );
}
