import Taro from '@tarojs/taro';
import { View, Text } from '@tarojs/components';
import { Cell, CellGroup } from '@nutui/nutui-react-taro';
import { Cart, Message, Service, Wallet } from '@nutui/icons-react-taro';
import { RoleShell } from '../../components/RoleShell';
import { useUnread, unreadWords } from '../../inbox/useUnread';
import { Tag } from '../../ui';

// Shell of the resident sub-package; the features arrive with their vertical slices.
export default function ResidentHome() {
  const unread = useUnread();
  return (
    <RoleShell
      title="居民服务"
      intro="在这里购买社区商店和本地农户的商品，选择配送时段或自提点，跟踪配送，并呼叫维修、家政、助老等便民服务。"
      upcoming={['配送跟踪']}
    >
      <CellGroup>
        <Cell
          className="resident__inbox"
          data-testid="resident-inbox"
          title={
            <View style={{ display: 'flex', alignItems: 'center', gap: '8px' }}>
              <Message size={18} color="var(--cc-color-brand)" />
              <Text>我的消息</Text>
              {unread > 0 && (
                <Tag tone="danger" className="resident__unread">
                  {`${unreadWords(unread)} 条未读`}
                </Tag>
              )}
            </View>
          }
          description="订单、呼叫、充值和退款的消息"
          extra="查看"
          clickable
          onClick={() => void Taro.navigateTo({ url: '/inbox/index/index' })}
        />
        <Cell
          className="resident__shop"
          title={
            <View style={{ display: 'flex', alignItems: 'center', gap: '8px' }}>
              <Cart size={18} color="var(--cc-color-brand)" />
              <Text>社区商城</Text>
            </View>
          }
          description="蔬菜水果、米面粮油、本地农产品；送货上门或到站自提；我的订单"
          extra="进入"
          clickable
          onClick={() => void Taro.navigateTo({ url: '/shop/index/index' })}
        />
        <Cell
          className="resident__calls"
          title={
            <View style={{ display: 'flex', alignItems: 'center', gap: '8px' }}>
              <Service size={18} color="var(--cc-color-brand)" />
              <Text>便民服务呼叫</Text>
            </View>
          }
          description="水电维修、家政保洁、助老服务、紧急求助；我的呼叫"
          extra="进入"
          clickable
          onClick={() => void Taro.navigateTo({ url: '/calls/index/index' })}
        />
        <Cell
          className="resident__wallet"
          title={
            <View style={{ display: 'flex', alignItems: 'center', gap: '8px' }}>
              <Wallet size={18} color="var(--cc-color-brand)" />
              <Text>市民卡钱包</Text>
            </View>
          }
          description="余额、充值、账单、支付密码、挂失补卡"
          extra="进入"
          clickable
          onClick={() => void Taro.navigateTo({ url: '/wallet/index/index' })}
        />
        {/* 农产品行情: everyone's price page (prices/index). */}
        <Cell
          className="resident__prices"
          title="农产品行情"
          description="青菜、茶叶、水果等每天的价格走势"
          extra="查看"
          clickable
          onClick={() => void Taro.navigateTo({ url: '/prices/index/index' })}
        />
      </CellGroup>
    </RoleShell>
  );
}
