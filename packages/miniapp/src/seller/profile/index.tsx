import { View, Text } from '@tarojs/components';
import { Button } from '@nutui/nutui-react-taro';
import { ErrorView, LoadingView } from '../../ui';
import { Notice } from '../../ui';
import { ContactFields, ShopFields } from './ProfileFields';
import { useProfile } from './useProfile';
import '../lib/seller.css';

/** 登记开店 (a new shop) or 店铺资料 (?id=): profile and the communities it delivers to. */
export default function SellerProfile() {
  const s = useProfile();
  const { state, form: f } = s;
  if (state.kind === 'loading' || (state.kind === 'ready' && !f)) return <LoadingView />;
  if (state.kind === 'error' || !f)
    return (
      <View className="page">
        <ErrorView message={state.kind === 'error' ? state.message : '正在加载…'} onRetry={() => void s.load()} />
      </View>
    );
  const { me, communities, shop } = state;
  const home = communities.find((c) => c.id === (shop?.community_id ?? me.community_id)) ?? null;
  return (
    <View className="page seller-profile" data-testid="seller-profile">
      <Text className="page-title">{shop ? '店铺资料' : '登记开店'}</Text>
      <View className="page-subtitle">
        <Text>
          {home ? `登记在「${home.name}」，由那里的社区服务站审核。` : ''}
          {shop ? '' : '登记后请提交实名认证，通过后商品才能上架。'}
        </Text>
      </View>
      {s.saved && (
        <Notice tone="ok" className="seller-profile__saved">
          <Text>店铺资料已保存</Text>
        </Notice>
      )}
      {s.error && (
        <Notice tone="danger" className="seller-profile__error">
          <Text>{s.error}</Text>
        </Notice>
      )}
      <View className="biz-form">
        <ShopFields f={f} errors={s.errors} set={s.set} isNew={!shop} />
        <ContactFields f={f} errors={s.errors} set={s.set} communities={communities} />
      </View>
      <Button
        type="primary"
        size="large"
        block
        className="seller-profile__save"
        loading={s.busy}
        disabled={s.busy}
        onClick={() => void s.save()}
      >
        {shop ? '保存' : '登记并去实名认证'}
      </Button>
    </View>
  );
}
