import { View, Text } from '@tarojs/components';
import { Button } from '@nutui/nutui-react-taro';
import { pageTextClass, useLargeText } from '../../settings/largeText';
import { CommunityPicker, Header, LargeTextSwitch, Services } from './sections';
import { heldRoles, useHome } from './useHome';
import './index.css';
import './home-cards.css';
import { isPending, PendingPage } from '../../ui';

/** 首页: who is signed in, their community (or picking one), their services, the wallet, 大字模式, logout. */
export default function HomePage() {
  const { state, load, picking, notice, pickCommunity, logout } = useHome();
  // Owned here so that switching re-renders the page root with the new class (weapp).
  const [large, setLarge] = useLargeText();
  if (isPending(state)) return <PendingPage state={state} onRetry={() => void load()} />;
  const { me, community, choices, shops } = state;
  return (
    <View className={`page home ${pageTextClass(large)}`} data-testid="home-page">
      <Header me={me} community={community} />
      {notice && (
        <View className="home__notice" role="alert">
          <Text>{notice}</Text>
        </View>
      )}
      {choices ? (
        <CommunityPicker choices={choices} picking={picking} onPick={(c) => void pickCommunity(c)} />
      ) : (
        <Services roles={heldRoles(me)} shops={shops} />
      )}
      <LargeTextSwitch on={large} setOn={setLarge} />
      <View className="home__footer">
        <Button block fill="outline" type="default" data-testid="logout" onClick={() => void logout()}>
          退出登录
        </Button>
      </View>
    </View>
  );
}
