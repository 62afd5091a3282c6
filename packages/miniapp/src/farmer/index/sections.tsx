import Taro from '@tarojs/taro';
import { View, Text } from '@tarojs/components';
import { Button, Cell, CellGroup } from '@nutui/nutui-react-taro';
import type { AgriPost } from '@cc/shared';
import { SELLER_PAGES, when } from '../../commerce/lib';
import { EmptyView, Notice } from '../../ui';
import { AGRI_PAGES, type Standing } from '../lib/agri';
import { PostRow } from '../lib/components';

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

/** Counts at the top: posts on show, posts in review. */
export function Counts({ posts }: { posts: AgriPost[] }) {
  const items = [
    { label: '展示中', n: posts.filter((p) => p.status === 'open').length },
    { label: '审核中', n: posts.filter((p) => p.status === 'held' || p.status === 'pending_verification').length },
    { label: '已下线', n: posts.filter((p) => ['closed', 'expired', 'hidden'].includes(p.status)).length },
  ];
  return (
    <View className="agri-counts" data-testid="farmer-counts">
      {items.map((c) => (
        <View key={c.label} className="agri-count">
          <Text className="agri-count__n">{c.n}</Text>
          <Text className="agri-count__label">{c.label}</Text>
        </View>
      ))}
    </View>
  );
}

/** The farmer's supply posts, each opening its page. */
export function MyPosts({ posts }: { posts: AgriPost[] }) {
  if (posts.length === 0) return <EmptyView title="还没有发布供应" description="发布后，附近的食堂、商店和批发商能看到并联系您" />;
  return (
    <View data-testid="farmer-posts">
      {posts.map((p) => (
        <PostRow key={p.id} post={p} onOpen={go(`${AGRI_PAGES.supply}?id=${p.id}`)} />
      ))}
    </View>
  );
}

/** The farmer's shop (seller sub-package). */
export function ShopLink() {
  return (
    <CellGroup>
      <Cell
        className="farmer__shop"
        title="我的店铺"
        description="开店和实名认证、发布商品、处理订单、限时活动、收入"
        extra="进入"
        clickable
        onClick={go(SELLER_PAGES.home)}
      />
    </CellGroup>
  );
}
