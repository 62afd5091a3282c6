import { View, Text } from '@tarojs/components';
import { Button } from '@nutui/nutui-react-taro';
import { VerifyDone, VerifyFields, VerifyNotices } from './sections';
import { useVerify } from './useVerify';
import '../lib/seller.css';
import { ErrorView, LoadingView } from '../../ui';

/** 实名认证: the real name and an identity number (resident ID or credit code); the community's operators check it. */
export default function SellerVerify() {
  const s = useVerify();
  const { state, shop } = s;
  if (state.kind === 'loading') return <LoadingView />;
  if (state.kind !== 'ready' || !shop)
    return (
      <View className="page">
        <ErrorView message={state.kind === 'error' ? state.message : '您还没有店铺'} onRetry={() => void s.reload()} />
      </View>
    );
  const v = shop.verification;
  if (v.status === 'verified' || v.status === 'pending') return <VerifyDone v={v} />;
  return (
    <View className="page seller-verify">
      <Text className="page-title">实名认证</Text>
      <View className="page-subtitle">
        <Text>「{shop.name}」的证件由社区服务站核对；平台只保存证件号的前 3 位和后 4 位。</Text>
      </View>
      <VerifyNotices s={s} v={v} />
      <VerifyFields s={s} shop={shop} />
      <Button
        type="primary"
        size="large"
        block
        className="verify-submit"
        loading={s.busy}
        disabled={s.busy}
        onClick={() => void s.submit()}
      >
        提交认证
      </Button>
    </View>
  );
}
