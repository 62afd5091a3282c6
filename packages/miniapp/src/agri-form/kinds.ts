import { agriPostRoutes, type PurchasePost, type RouteInput, type SupplyPost } from '@cc/shared';
import { call } from '../api';
import { AGRI_PAGES } from '../farmer/lib/agri';

/** The post, create body and edit body of each kind. */
export interface KindTypes {
  supply: {
    post: SupplyPost;
    create: RouteInput<typeof agriPostRoutes.createSupplyPost>['body'];
    change: RouteInput<typeof agriPostRoutes.updateSupplyPost>['body'];
  };
  purchase: {
    post: PurchasePost;
    create: RouteInput<typeof agriPostRoutes.createPurchasePost>['body'];
    change: RouteInput<typeof agriPostRoutes.updatePurchasePost>['body'];
  };
}
export type PostKind = keyof KindTypes;

/** What differs between 供应 and 求购 in the shared form: the page, the words, and the two requests. */
export interface KindOf<K extends PostKind> {
  page: string;
  title: { create: string; mine: string; edit: string };
  words: { notThisKind: string; noHome: string; closed: string };
  create(body: KindTypes[K]['create']): Promise<KindTypes[K]['post']>;
  update(post_id: string, body: KindTypes[K]['change']): Promise<KindTypes[K]['post']>;
}

export const POST_KINDS: { [K in PostKind]: KindOf<K> } = {
  supply: {
    page: AGRI_PAGES.supply,
    title: { create: '发布供应', mine: '我的供应', edit: '修改供应' },
    words: { notThisKind: '这不是供应信息', noHome: '请先在首页选择所在村，再发布供应', closed: '已关闭，别人不会再看到这条供应' },
    create: (body) => call(agriPostRoutes.createSupplyPost, { body }),
    update: (post_id, body) => call(agriPostRoutes.updateSupplyPost, { params: { post_id }, body }),
  },
  purchase: {
    page: AGRI_PAGES.purchase,
    title: { create: '发布求购', mine: '我的求购', edit: '修改求购' },
    words: { notThisKind: '这不是求购信息', noHome: '请先在首页选择所在社区，再发布求购', closed: '已关闭，农户不会再看到这条求购' },
    create: (body) => call(agriPostRoutes.createPurchasePost, { body }),
    update: (post_id, body) => call(agriPostRoutes.updatePurchasePost, { params: { post_id }, body }),
  },
};
