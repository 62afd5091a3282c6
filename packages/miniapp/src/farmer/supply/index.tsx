import { View, Text } from '@tarojs/components';
import { Button } from '@nutui/nutui-react-taro';
import { pageParam } from '../../calls-common/lib';
import { pageTextClass } from '../../settings/largeText';
import { ErrorView, LoadingView, Notice } from '../../ui';
import { Outcome } from '../lib/components';
import { AmountFields, WhenWhereFields } from './SupplyFields';
import { WhatFields } from '../lib/WhatFields';
import { PostActions, PostHead, WhyNotPublic } from './sections';
import { useSupplyPost } from './useSupplyPost';
import { Matches } from '../lib/Matches';
import { Inquiries } from '../lib/Inquiries';

/** 发布供应, or one supply post: its state, the form to edit it, renew and close, its matches and inquiries. */
export default function SupplyPostPage() {
  const id = pageParam('id') ?? null;
  const page = useSupplyPost(id);
  const { loaded, form, data } = page;
  if (loaded.state.kind === 'loading' || (loaded.state.kind === 'ready' && !form)) return <LoadingView />;
  if (loaded.state.kind === 'error')
    return (
      <View className="page">
        <ErrorView message={loaded.state.message} onRetry={() => void loaded.reload()} />
      </View>
    );
  const post = data?.post ?? null;
  const props = { f: form!, errors: page.errors, set: page.set, editing: !!post };
  return (
    <View className={`page agri-supply ${pageTextClass()}`} data-testid="agri-supply">
      <View className="page-title" role="heading" aria-level={1}>
        <Text>{post ? '我的供应' : '发布供应'}</Text>
      </View>
      {pageParam('created') && !page.done && (
        <Notice tone="ok" testid="supply-created">
          <Text>{post?.status === 'open' ? '已发布' : '已保存，公开前需要审核或认证'}</Text>
        </Notice>
      )}
      <Outcome done={page.done} error={page.error} prefix="supply" />
      {post && <PostHead post={post} />}
      {post && <WhyNotPublic post={post} />}
      {post && (
        <PostActions post={post} busy={page.busy} prefix="supply" onRenew={() => page.renew(post)} onClose={() => page.close(post)} />
      )}
      {post && <Matches post={post} title="匹配的求购" />}
      {post && <Inquiries side="farmer" post_id={post.id} title="买家询价" />}
      {post && (
        <View className="section-title" role="heading" aria-level={2}>
          <Text>修改供应</Text>
        </View>
      )}
      <View className="biz-form" data-testid="supply-form">
        <WhatFields {...props} prefix="supply" />
        <AmountFields {...props} />
        <WhenWhereFields {...props} />
      </View>
      <Button
        type="primary"
        size="large"
        block
        data-testid={post ? 'supply-save' : 'supply-create'}
        loading={page.busy === 'create' || page.busy === 'save'}
        disabled={!!page.busy}
        onClick={() => (post ? page.save(post) : page.create())}
      >
        {post ? '保存修改' : '发布供应'}
      </Button>
    </View>
  );
}
