import { View, Text } from '@tarojs/components';
import { Button } from '@nutui/nutui-react-taro';
import { pageParam } from '../../calls-common/lib';
import { pageTextClass } from '../../settings/largeText';
import { ErrorView, LoadingView, Notice } from '../../ui';
import { Outcome } from '../../farmer/lib/components';
import { WhatFields } from '../../farmer/lib/WhatFields';
import { PostActions, PostHead, WhyNotPublic } from '../../farmer/supply/sections';
import { AmountFields, DeliveryFields } from './PurchaseFields';
import { usePurchasePost } from './usePurchasePost';
import Taro from '@tarojs/taro';
import { AGRI_PAGES } from '../../farmer/lib/agri';
import { Matches } from '../../farmer/lib/Matches';
import '../../farmer/lib/agri.css';

/** 发布求购, or one purchase post: its state, the form to edit it, renew and close, and the matched supply. */
export default function PurchasePostPage() {
  const id = pageParam('id') ?? null;
  const page = usePurchasePost(id);
  const { loaded, form, data } = page;
  if (loaded.state.kind === 'loading' || (loaded.state.kind === 'ready' && !form)) return <LoadingView />;
  if (loaded.state.kind === 'error')
    return (
      <View className="page">
        <ErrorView message={loaded.state.message} onRetry={() => void loaded.reload()} />
      </View>
    );
  const post = data?.post ?? null;
  const props = { f: form!, errors: page.errors, set: page.set };
  return (
    <View className={`page agri-purchase ${pageTextClass()}`} data-testid="agri-purchase">
      <View className="page-title" role="heading" aria-level={1}>
        <Text>{post ? '我的求购' : '发布求购'}</Text>
      </View>
      {pageParam('created') && !page.done && (
        <Notice tone="ok" testid="purchase-created">
          <Text>{post?.status === 'open' ? '已发布' : '已保存，公开前需要审核或认证'}</Text>
        </Notice>
      )}
      <Outcome done={page.done} error={page.error} prefix="purchase" />
      {post && <PostHead post={post} />}
      {post && <WhyNotPublic post={post} />}
      {post && (
        <PostActions post={post} busy={page.busy} prefix="purchase" onRenew={() => page.renew(post)} onClose={() => page.close(post)} />
      )}
      {post && (
        <Matches post={post} title="匹配的货源" onOpen={(m) => void Taro.navigateTo({ url: `${AGRI_PAGES.supplyView}?id=${m.post.id}` })} />
      )}
      {post && (
        <View className="section-title" role="heading" aria-level={2}>
          <Text>修改求购</Text>
        </View>
      )}
      <View className="biz-form" data-testid="purchase-form">
        <WhatFields {...props} editing={!!post} prefix="purchase" />
        <AmountFields {...props} />
        <DeliveryFields {...props} />
      </View>
      <Button
        type="primary"
        size="large"
        block
        data-testid={post ? 'purchase-save' : 'purchase-create'}
        loading={page.busy === 'create' || page.busy === 'save'}
        disabled={!!page.busy}
        onClick={() => (post ? page.save(post) : page.create())}
      >
        {post ? '保存修改' : '发布求购'}
      </Button>
    </View>
  );
}
