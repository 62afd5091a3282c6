import type { ReactNode } from 'react';
import { View, Text } from '@tarojs/components';
import { Button } from '@nutui/nutui-react-taro';
import type { AgriPost } from '@cc/shared';
import { pageParam } from '../calls-common/lib';
import { pageTextClass } from '../settings/largeText';
import { ErrorView, LoadingView, Notice } from '../ui';
import type { Loaded } from '../farmer/lib/hooks';
import { Outcome } from '../farmer/lib/components';
import type { CommonForm, Errors } from './form';
import { POST_KINDS, type KindTypes, type PostKind } from './kinds';
import { PostActions, PostHead, WhyNotPublic } from './sections';
import { WhatFields } from './WhatFields';
import '../farmer/lib/agri.css';

/** What the page needs of its hook (usePostForm). */
export interface PostFormState<P extends AgriPost, F extends CommonForm> {
  loaded: { state: Loaded<{ post: P | null }>; reload(): Promise<void> };
  form: F | null;
  errors: Errors;
  set(patch: Partial<F>): void;
  busy: string | null;
  done: string | null;
  error: string | null;
  create(): void;
  save(p: P): void;
  renew(p: P): void;
  close(p: P): void;
}

/** The fields after 品类/品种/单位, given the form's state. */
export type FieldsOf<F> = (props: { f: F; errors: Errors; set(patch: Partial<F>): void }) => ReactNode;

/**
 * A new post or one of the poster's posts: its state, why it is not public, renew and close, what the kind adds
 * (matches, inquiries), then the form (品类/品种/单位 and the kind's fields) and its button. Test ids start with the kind.
 */
export function PostFormView<K extends PostKind, F extends CommonForm>(props: {
  kind: K;
  page: PostFormState<KindTypes[K]['post'], F>;
  about?(post: KindTypes[K]['post']): ReactNode;
  fields: FieldsOf<F>;
}) {
  const { page, kind: prefix } = props;
  const words = POST_KINDS[prefix].title;
  const s = page.loaded.state;
  const f = page.form;
  if (s.kind === 'loading' || (s.kind === 'ready' && !f)) return <LoadingView />;
  if (s.kind === 'error')
    return (
      <View className="page">
        <ErrorView message={s.message} onRetry={() => void page.loaded.reload()} />
      </View>
    );
  const post = s.data.post;
  return (
    <View className={`page agri-${prefix} ${pageTextClass()}`} data-testid={`agri-${prefix}`}>
      <View className="page-title" role="heading" aria-level={1}>
        <Text>{post ? words.mine : words.create}</Text>
      </View>
      {pageParam('created') && !page.done && (
        <Notice tone="ok" testid={`${prefix}-created`}>
          <Text>{post?.status === 'open' ? '已发布' : '已保存，公开前需要审核或认证'}</Text>
        </Notice>
      )}
      <Outcome done={page.done} error={page.error} prefix={prefix} />
      {post && <PostHead post={post} />}
      {post && <WhyNotPublic post={post} />}
      {post && (
        <PostActions post={post} busy={page.busy} prefix={prefix} onRenew={() => page.renew(post)} onClose={() => page.close(post)} />
      )}
      {post && props.about?.(post)}
      {post && (
        <View className="section-title" role="heading" aria-level={2}>
          <Text>{words.edit}</Text>
        </View>
      )}
      <View className="biz-form" data-testid={`${prefix}-form`}>
        {f && <WhatFields f={f} errors={page.errors} set={page.set} editing={!!post} prefix={prefix} />}
        {f && props.fields({ f, errors: page.errors, set: page.set })}
      </View>
      <Button
        type="primary"
        size="large"
        block
        data-testid={post ? `${prefix}-save` : `${prefix}-create`}
        loading={page.busy === 'create' || page.busy === 'save'}
        disabled={!!page.busy}
        onClick={() => (post ? page.save(post) : page.create())}
      >
        {post ? '保存修改' : words.create}
      </Button>
    </View>
  );
}
