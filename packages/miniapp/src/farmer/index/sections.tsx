import Taro from '@tarojs/taro';
import { View, Text } from '@tarojs/components';
import { Button } from '@nutui/nutui-react-taro';
import type { AgriPost } from '@cc/shared';
import { SELLER_PAGES, when } from '../../commerce/lib';
import { EmptyView, LinkCells, Notice } from '../../ui';
import { AGRI_PAGES, type Standing } from '../lib/agri';
import { PostRow } from '../lib/components';
import { tappable } from '../../ui/tappable';
import type { FarmerHomeData } from './useFarmerHome';

const go = (url: string) => () => void Taro.navigateTo({ url });

/** Whether the farmer's posts can be public, and what to do when they cannot. */
export function StandingNotice({ standing: s }: { standing: Standing }) {
  if (s.banned_until)
    return (
      <Notice tone="danger" title="暂停发布" testid="farmer-standing">
        <Text>
          服务站暂停了您发布供求信息，到 {when(s.banned_until)}。原因：{s.ban_reason ?? '未说明'}
        </Text>
      </Notice>
    );
  if (!s.verified)
    return (
      <Notice tone="warning" title="还没有实名认证" testid="farmer-standing">
        <Text>可以先发布，信息会保存；实名认证通过后才对外公开。</Text>
        <View>
          <Button fill="outline" size="small" onClick={go(SELLER_PAGES.home)}>
            去实名认证
          </Button>
        </View>
      </Notice>
    );
  return null;
}

/** Counts at the top: posts on show, matched purchase demands, inquiries waiting for an answer (opens them). */
export function Counts({ data }: { data: FarmerHomeData }) {
  const matched = Object.values(data.matches).reduce((a, b) => a + b, 0);
  const items = [
    { key: 'open', label: '展示中', n: data.posts.filter((p) => p.status === 'open').length },
    { key: 'matches', label: '匹配的求购', n: matched },
    { key: 'unanswered', label: '待回复询价', n: data.unanswered, open: go(AGRI_PAGES.farmerInquiries) },
  ];
  return (
    <View className="agri-counts" data-testid="farmer-counts">
      {items.map((c) => (
        <View key={c.key} className="agri-count" data-testid={`farmer-count-${c.key}`} {...(c.open ? tappable(c.open) : {})}>
          <Text className="agri-count__n">{c.n}</Text>
          <Text className="agri-count__label">{c.label}</Text>
        </View>
      ))}
    </View>
  );
}

/** The farmer's supply posts, each opening its page. */
export function MyPosts({ posts, matches }: { posts: AgriPost[]; matches: Record<string, number> }) {
  if (posts.length === 0) return <EmptyView title="还没有发布供应" description="发布后，附近的食堂、商店和批发商能看到并联系您" />;
  return (
    <View data-testid="farmer-posts">
      {posts.map((p) => (
        <PostRow
          key={p.id}
          post={p}
          extra={matches[p.id] ? `${matches[p.id]} 条求购匹配` : null}
          onOpen={go(`${AGRI_PAGES.supply}?id=${p.id}`)}
        />
      ))}
    </View>
  );
}

/** 买家询价 and the farmer's shop (seller sub-package). */
export function Links() {
  return (
    <LinkCells
      links={[
        {
          className: 'farmer__inquiries',
          title: '买家询价',
          description: '买家对我的供应的询问：回复价格、数量和交货',
          url: AGRI_PAGES.farmerInquiries,
        },
        {
          className: 'farmer__shop',
          title: '我的店铺',
          description: '开店和实名认证、发布商品、处理订单、限时活动、收入',
          url: SELLER_PAGES.home,
        },
        // 农产品行情: everyone's price page (prices/index), with the farmer's own price against the median.
        {
          className: 'farmer__prices',
          title: '农产品行情',
          description: '青菜、茶叶、水果等每天的价格走势和我的报价',
          extra: '查看',
          url: '/prices/index/index',
        },
      ]}
    />
  );
}
