import { pageParam } from '../../calls-common/lib';
import { PostFormView } from '../../agri-form/PostFormView';
import { AmountFields, WhenWhereFields } from './SupplyFields';
import { useSupplyPost } from './useSupplyPost';
import { Matches } from '../lib/Matches';
import { Inquiries } from '../lib/Inquiries';
import { ShopListing } from '../lib/ShopListing';

/** 发布供应, or one supply post: its state, the form to edit it (photos, certifications), renew and close, its matches and inquiries. */
export default function SupplyPostPage() {
  const page = useSupplyPost(pageParam('id') ?? null);
  return (
    <PostFormView
      kind="supply"
      page={page}
      about={(p) => (
        <>
          <Matches post={p} title="匹配的求购" />
          <Inquiries side="farmer" post_id={p.id} title="买家询价" />
          {p.kind === 'supply' && p.status === 'open' && p.unit_price_fen !== null && <ShopListing post={p} />}
        </>
      )}
      fields={(props) => (
        <>
          <AmountFields {...props} />
          <WhenWhereFields {...props} />
        </>
      )}
    />
  );
}
