import Taro from '@tarojs/taro';
import { View, Text } from '@tarojs/components';
import { Cell, CellGroup } from '@nutui/nutui-react-taro';
import { Store } from '@nutui/icons-react-taro';
import { RoleShell } from '../../components/RoleShell';
import { SELLER_PAGES } from '../../commerce/lib';

// Shell of the farmer sub-package; the features arrive with their vertical slices.
export default function FarmerHome() {
  return (
    <RoleShell
      title="农户工作台"
      intro="在这里发布农产品供应，查看匹配的求购信息和价格行情，把供应转成店铺商品，履行订单并收款到钱包。"
      upcoming={['发布供应', '匹配的求购', '价格行情', '供应转为商品']}
    >
      <CellGroup>
        {/* The farmer's shop: opening it, verification, products, orders, offers and earnings (the seller sub-package). */}
        <Cell
          className="farmer__shop"
          title={
            <View style={{ display: 'flex', alignItems: 'center', gap: '8px' }}>
              <Store size={18} color="var(--cc-color-brand)" />
              <Text>我的店铺</Text>
            </View>
          }
          description="开店和实名认证、发布商品、处理订单、限时活动、收入"
          extra="进入"
          clickable
          onClick={() => void Taro.navigateTo({ url: SELLER_PAGES.home })}
        />
        {/* 农产品行情: everyone's price page (prices/index). */}
        <Cell
          className="farmer__prices"
          title="农产品行情"
          description="青菜、茶叶、水果等每天的价格走势和我的报价"
          extra="查看"
          clickable
          onClick={() => void Taro.navigateTo({ url: '/prices/index/index' })}
        />
      </CellGroup>
    </RoleShell>
  );
}
