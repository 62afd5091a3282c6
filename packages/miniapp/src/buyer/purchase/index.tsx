import Taro from '@tarojs/taro';
import { pageParam } from '../../calls-common/lib';
import { PostFormView } from '../../agri-form/PostFormView';
import { AGRI_PAGES } from '../../farmer/lib/agri';
import { Matches } from '../../farmer/lib/Matches';
import { AmountFields, DeliveryFields } from './PurchaseFields';
import { usePurchasePost } from './usePurchasePost';

/** 发布求购, or one purchase post: its state, the form to edit it, renew and close, and the matched supply. */
export default function PurchasePostPage() {
  const page = usePurchasePost(pageParam('id') ?? null);
  const open = (id: string) => void Taro.navigateTo({ url: `${AGRI_PAGES.supplyView}?id=${id}` });
  return (
    <PostFormView
      kind="purchase"
      page={page}
      about={(p) => <Matches post={p} title="匹配的货源" onOpen={(m) => open(m.post.id)} />}
      fields={(props) => (
        <>
          <AmountFields {...props} />
          <DeliveryFields {...props} />
        </>
      )}
    />
  );
}
