import Taro, { useDidShow } from '@tarojs/taro';
import { View, Text } from '@tarojs/components';
import { Button } from '@nutui/nutui-react-taro';
import { pageTextClass } from '../../settings/largeText';
import { EmptyView, ErrorView, LoadingView, Notice } from '../../ui';
import { AGRI_PAGES } from '../../farmer/lib/agri';
import { PostRow } from '../../farmer/lib/components';
import { useBuyerHome } from './useBuyerHome';
import '../../farmer/lib/agri.css';

const go = (url: string) => () => void Taro.navigateTo({ url });

/** 采购工作台: my purchase posts with their status, 发布求购 and 找货源 (search of supply). */
export default function BuyerHome() {
  const { state, reload } = useBuyerHome();
  useDidShow(() => void reload(true));
  return (
    <View className={`page buyer-home ${pageTextClass()}`} data-testid="buyer-home">
      <View className="page-title" role="heading" aria-level={1}>
        <Text>采购工作台</Text>
      </View>
      <View className="page-subtitle">
        <Text>发布求购，系统按品种、数量、价格、距离和时间为您找货源；也可以直接搜索。</Text>
      </View>
      <View className="agri-actions">
        <Button type="primary" data-testid="buyer-new-purchase" onClick={go(AGRI_PAGES.purchase)}>
          发布求购
        </Button>
        <Button fill="outline" data-testid="buyer-search" onClick={go(AGRI_PAGES.search)}>
          找货源
        </Button>
      </View>
      {state.kind === 'loading' && <LoadingView />}
      {state.kind === 'error' && <ErrorView message={state.message} onRetry={() => void reload()} />}
      {state.kind === 'ready' && !state.data.standing.verified && (
        <Notice tone="warning" title="还没有实名认证" testid="buyer-standing">
          <Text>求购可以先保存，实名认证、服务站核对后才对农户公开。</Text>
        </Notice>
      )}
      <View className="section-title" role="heading" aria-level={2}>
        <Text>我的求购</Text>
      </View>
      {state.kind === 'ready' && state.data.posts.length === 0 && (
        <EmptyView title="还没有发布求购" description="写清品种、数量和价格，附近的农户就能找到您" />
      )}
      {state.kind === 'ready' && (
        <View data-testid="buyer-posts">
          {state.data.posts.map((p) => (
            <PostRow key={p.id} post={p} onOpen={go(`${AGRI_PAGES.purchase}?id=${p.id}`)} />
          ))}
        </View>
      )}
    </View>
  );
}
