import { usePostForm } from '../../agri-form/usePostForm';
import { checkPurchase, purchaseChanges, purchaseCreateBody, purchaseFormOf } from './form';

/** 发布求购 or one of the buyer's purchase posts (?id=): its form, save, renew and close. */
export function usePurchasePost(id: string | null) {
  return usePostForm(
    'purchase',
    { formOf: purchaseFormOf, check: checkPurchase, createBody: purchaseCreateBody, changes: purchaseChanges },
    id,
  );
}
