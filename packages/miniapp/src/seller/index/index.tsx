import { View, Text } from '@tarojs/components';
import { MERCHANT_KIND_NAMES, VERIFICATION_NAMES, VERIFICATION_TONES } from '../../commerce/lib';
import { chooseShop } from '../lib/shop';
import { BusinessEntries, NoShop, ShopEntries, TodoTiles, VerificationNotice } from './sections';
import { useSellerHome } from './useSellerHome';
import '../lib/seller.css';
import { Card, Chips, isPending, PendingPage, Tag } from '../../ui';

/** 我的店铺: the shop, its verification, and the way to orders, products, imports, offers and earnings. */
export default function SellerHome() {
  const { state, reload, counts } = useSellerHome();
  if (isPending(state)) return <PendingPage state={state} onRetry={() => void reload()} />;
  if (state.kind === 'none') return <NoShop />;
  const { shop, shops } = state;
  const verified = shop.verification.status === 'verified';
  return (
    <View className="page seller-home" data-testid="seller-home">
      {shops.length > 1 && (
        <Chips
          className="seller-switch"
          small
          options={shops.map((m) => ({ value: m.id, label: m.name }))}
          value={shop.id}
          onChange={(id) => {
            chooseShop(id);
            void reload();
          }}
        />
      )}
      <Card className="seller-head">
        <View className="seller-head__row cc-spread">
          <Text className="seller-head__name" data-testid="seller-shop-name">
            {shop.name}
          </Text>
          <Tag tone={VERIFICATION_TONES[shop.verification.status]} className="seller-verification-tag">
            {VERIFICATION_NAMES[shop.verification.status]}
          </Tag>
        </View>
        <Text className="biz-muted">
          {MERCHANT_KIND_NAMES[shop.kind]}
          {shop.origin_village ? ` · 产地 ${shop.origin_village}` : ''} · 联系人 {shop.contact_name}
        </Text>
      </Card>
      <VerificationNotice shop={shop} />
      {verified && <TodoTiles counts={counts} />}
      <View className="section-title">
        <Text>经营</Text>
      </View>
      <BusinessEntries counts={counts} verified={verified} />
      <View className="section-title">
        <Text>店铺</Text>
      </View>
      <ShopEntries shop={shop} />
    </View>
  );
}
