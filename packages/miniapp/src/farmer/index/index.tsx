import Taro, { useDidShow } from '@tarojs/taro';
import { View, Text } from '@tarojs/components';
import { Button } from '@nutui/nutui-react-taro';
import { pageTextClass } from '../../settings/largeText';
import { ErrorView, LoadingView } from '../../ui';
import { AGRI_PAGES } from '../lib/agri';
import { Counts, MyPosts, Links, StandingNotice } from './sections';
import { useFarmerHome } from './useFarmerHome';
import '../lib/agri.css';

/** 农户工作台: my supply posts with their status, what to do next, and the shop. */
export default function FarmerHome() {
  const { state, reload } = useFarmerHome();
  useDidShow(() => void reload(true));
  return (
    <View className={`page farmer-home ${pageTextClass()}`} data-testid="farmer-home">
      <View className="page-title" role="heading" aria-level={1}>
        <Text>农户工作台</Text>
      </View>
      <View className="page-subtitle">
        <Text>发布农产品供应，看看谁在求购，回复询价。</Text>
      </View>
      <Button
        type="primary"
        size="large"
        block
        data-testid="farmer-new-supply"
        onClick={() => void Taro.navigateTo({ url: AGRI_PAGES.supply })}
      >
        发布供应
      </Button>
      {state.kind === 'loading' && <LoadingView />}
      {state.kind === 'error' && <ErrorView message={state.message} onRetry={() => void reload()} />}
      {state.kind === 'ready' && (
        <>
          <StandingNotice standing={state.data.standing} />
          <View className="section-title" role="heading" aria-level={2}>
            <Text>我的供应</Text>
          </View>
          <Counts data={state.data} />
          <MyPosts posts={state.data.posts} matches={state.data.matches} />
        </>
      )}
      <View className="section-title" role="heading" aria-level={2}>
        <Text>询价与店铺</Text>
      </View>
      <Links />
    </View>
  );
}
