import { useEffect, useState } from 'react';
import Taro from '@tarojs/taro';
import { View, Text } from '@tarojs/components';
import { Button, Cell, CellGroup } from '@nutui/nutui-react-taro';
import { routes, type Merchant } from '@cc/shared';
import { call } from '../../api';
import { ErrorView, LoadingView } from '../../components/StateView';
import { Card, Chips, Notice, Tag } from '../../commerce/components';
import { MERCHANT_KIND_NAMES, SELLER_PAGES, VERIFICATION_NAMES, VERIFICATION_TONES, when } from '../../commerce/lib';
import { chooseShop, useShop } from '../lib/shop';
import '../lib/seller.css';

/** How many orders wait in a status ("99+" past a page). */
async function count(merchant_id: string, status: 'paid' | 'refunding'): Promise<string | null> {
  const page = await call(routes.listMerchantOrders, { params: { merchant_id }, query: { status, limit: 100 } });
  if (page.items.length === 0) return null;
  return page.next_cursor ? '99+' : String(page.items.length);
}

/** Where the shop stands with the real-name verification, and what to do about it. */
function VerificationNotice({ shop }: { shop: Merchant }) {
  const v = shop.verification;
  const verify = (text: string) => (
    <Button
      type="primary"
      className="seller-verify-open"
      onClick={() => void Taro.navigateTo({ url: `${SELLER_PAGES.verify}?id=${shop.id}` })}
    >
      {text}
    </Button>
  );
  switch (v.status) {
    case 'unverified':
      return (
        <Notice tone="warning" title="还没有实名认证" className="seller-verification">
          <Text>商品可以先存为草稿；实名认证通过后才能上架销售。</Text>
          <View>{verify('提交实名认证')}</View>
        </Notice>
      );
    case 'pending':
      return (
        <Notice tone="info" title="实名认证审核中" className="seller-verification">
          <Text>
            {v.submitted_at ? `${when(v.submitted_at)} 已提交，` : ''}社区服务站核对证件后会通过。请带上
            {v.id_kind === 'credit_code' ? '营业执照' : '身份证'}到服务站，方便工作人员核对。
          </Text>
        </Notice>
      );
    case 'rejected':
      return (
        <Notice tone="danger" title="实名认证未通过" className="seller-verification">
          <Text className="seller-verification__reason">原因：{v.rejected_reason ?? '未说明'}</Text>
          <View>{verify('修改后重新提交')}</View>
        </Notice>
      );
    case 'verified':
      return null;
  }
}

/** 我的店铺: the shop, its verification, and the way to orders, products, imports, offers and earnings. */
export default function SellerHome() {
  const { state, reload } = useShop();
  const [counts, setCounts] = useState<{ paid: string | null; refunding: string | null }>({ paid: null, refunding: null });
  const shopId = state.kind === 'ready' ? state.shop.id : null;

  useEffect(() => {
    if (!shopId) return;
    Promise.all([count(shopId, 'paid'), count(shopId, 'refunding')]).then(
      ([paid, refunding]) => setCounts({ paid, refunding }),
      () => setCounts({ paid: null, refunding: null }),
    );
  }, [shopId, state]);

  if (state.kind === 'loading') return <LoadingView />;
  if (state.kind === 'error')
    return (
      <View className="page">
        <ErrorView message={state.message} onRetry={() => void reload()} />
      </View>
    );
  if (state.kind === 'none')
    return (
      <View className="page seller-home">
        <Text className="page-title">开店卖货</Text>
        <View className="page-subtitle">
          <Text>农户、合作社和社区商店都可以在这里开店，把蔬菜水果、米面粮油卖给附近社区的居民。</Text>
        </View>
        <Card title="三步开店" className="seller-steps">
          <Text className="seller-step">1. 登记店铺：名称、联系人、服务哪些社区</Text>
          <Text className="seller-step">2. 实名认证：身份证或统一社会信用代码，服务站核对</Text>
          <Text className="seller-step">3. 发布商品：认证通过后上架，居民就能下单</Text>
        </Card>
        <Button
          type="primary"
          size="large"
          block
          className="seller-create-open"
          onClick={() => void Taro.navigateTo({ url: SELLER_PAGES.profile })}
        >
          登记开店
        </Button>
      </View>
    );

  const { shop, shops } = state;
  const go = (url: string) => () => void Taro.navigateTo({ url });
  const verified = shop.verification.status === 'verified';
  return (
    <View className="page seller-home">
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
        <View className="seller-head__row">
          <Text className="seller-head__name">{shop.name}</Text>
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
      {/* Today's work at a glance: orders to pack, refunds to answer (tap to open that list). Only a verified shop sells. */}
      {verified && (
        <View className="seller-todo">
          {(
            [
              { status: 'paid', label: '待备货', n: counts.paid, className: 'seller-todo__tile--paid' },
              { status: 'refunding', label: '退款待处理', n: counts.refunding, className: 'seller-todo__tile--refund' },
            ] as const
          ).map((x) => (
            <View
              key={x.status}
              className={`seller-todo__tile ${x.className} ${x.n ? 'seller-todo__tile--due' : ''}`}
              role="button"
              onClick={go(`${SELLER_PAGES.orders}?status=${x.status}`)}
            >
              <Text className="seller-todo__n">{x.n ?? 0}</Text>
              <Text className="seller-todo__label">{x.label}</Text>
            </View>
          ))}
        </View>
      )}

      <View className="section-title">
        <Text>经营</Text>
      </View>
      <CellGroup>
        <Cell
          className="seller-entry seller-entry--orders"
          title="订单"
          description={
            counts.paid || counts.refunding
              ? [counts.paid && `${counts.paid} 单待备货`, counts.refunding && `${counts.refunding} 单退款待处理`]
                  .filter(Boolean)
                  .join('，')
              : '备货、配送、自提交付、退款'
          }
          extra={counts.paid || counts.refunding ? <Tag tone="danger">待处理</Tag> : '查看'}
          clickable
          onClick={go(SELLER_PAGES.orders)}
        />
        <Cell
          className="seller-entry seller-entry--products"
          title="商品"
          description={verified ? '发布、修改、库存、图片、上下架' : '可以先发布草稿，认证通过后上架'}
          extra="管理"
          clickable
          onClick={go(SELLER_PAGES.products)}
        />
        <Cell
          className="seller-entry seller-entry--import"
          title="批量导入"
          description="用 Excel 或 CSV 表格一次导入很多商品"
          extra="导入"
          clickable
          onClick={go(SELLER_PAGES.import)}
        />
        <Cell
          className="seller-entry seller-entry--offers"
          title="限时活动"
          description="限时秒杀、社区团购：限量、每人限购"
          extra="设置"
          clickable
          onClick={go(SELLER_PAGES.offers)}
        />
        <Cell
          className="seller-entry seller-entry--earnings"
          title="收入"
          description="已完成订单的货款"
          extra="查看"
          clickable
          onClick={go(SELLER_PAGES.earnings)}
        />
      </CellGroup>

      <View className="section-title">
        <Text>店铺</Text>
      </View>
      <CellGroup>
        <Cell
          className="seller-entry seller-entry--profile"
          title="店铺资料"
          description="名称、简介、联系人、配送到哪些社区"
          extra="修改"
          clickable
          onClick={go(`${SELLER_PAGES.profile}?id=${shop.id}`)}
        />
        <Cell
          className="seller-entry seller-entry--new"
          title="再开一家店"
          extra="登记"
          clickable
          onClick={go(`${SELLER_PAGES.profile}?new=1`)}
        />
      </CellGroup>
    </View>
  );
}
