import { usePostForm } from '../../agri-form/usePostForm';
import { checkSupply, supplyChanges, supplyCreateBody, supplyFormOf } from './form';

/** 发布供应 or one of the farmer's supply posts (?id=): its form (photos and certifications), save, renew and close. */
export function useSupplyPost(id: string | null) {
  return usePostForm('supply', { formOf: supplyFormOf, check: checkSupply, createBody: supplyCreateBody, changes: supplyChanges }, id);
}
