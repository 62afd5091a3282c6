import { useState } from 'react';
import Taro from '@tarojs/taro';
import { isCreditCode, isResidentIdNumber, routes, type Merchant } from '@cc/shared';
import { call, errorMessage } from '../../api';
import { pageParam } from '../../calls-common/lib';
import { SELLER_PAGES, fieldErrors } from '../../commerce/lib';
import { useShop } from '../lib/shop';

export type IdKind = 'resident_id' | 'credit_code';

/** The words of each wrong field: the identity number's check digit is checked here too. */
export function checkVerify(kind: IdKind, realName: string, number: string): Record<string, string> {
  const local: Record<string, string> = {};
  if (realName.trim().length < 2) local.real_name = kind === 'credit_code' ? '请填写营业执照上的单位名称' : '请填写身份证上的姓名';
  if (kind === 'resident_id' ? !isResidentIdNumber(number) : !isCreditCode(number))
    local.id_number =
      kind === 'resident_id' ? '身份证号码不正确：18 位，请核对最后一位' : '统一社会信用代码不正确：18 位，请对照营业执照核对';
  return local;
}

/** 实名认证: the shop (?id= or the current one), the form and its submission. */
export function useVerify() {
  const id = pageParam('id');
  const fresh = pageParam('new') === '1';
  const { state, reload } = useShop();
  const [realName, setRealName] = useState('');
  const [idKind, setIdKind] = useState<IdKind | null>(null);
  const [idNumber, setIdNumber] = useState('');
  const [errors, setErrors] = useState<Record<string, string>>({});
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const shop: Merchant | null = state.kind === 'ready' ? (state.shops.find((m) => m.id === id) ?? state.shop) : null;
  // A farmer is a person (resident ID); a store or co-op a business (credit code) unless chosen otherwise.
  const kind: IdKind = idKind ?? (shop?.kind === 'farmer' ? 'resident_id' : 'credit_code');
  const edit = (set: (v: string) => void) => (v: string) => {
    set(v);
    setErrors({});
  };

  async function submit() {
    if (!shop) return;
    const number = idNumber.trim().toUpperCase();
    const local = checkVerify(kind, realName, number);
    setErrors(local);
    if (Object.keys(local).length) return;
    setBusy(true);
    setError(null);
    try {
      await call(routes.submitMerchantVerification, {
        params: { merchant_id: shop.id },
        body: { real_name: realName.trim(), id_kind: kind, id_number: number },
      });
      void Taro.redirectTo({ url: SELLER_PAGES.home });
    } catch (e) {
      setErrors(fieldErrors(e));
      setError(errorMessage(e));
    } finally {
      setBusy(false);
    }
  }

  return {
    state,
    reload,
    shop,
    fresh,
    kind,
    setKind: setIdKind,
    realName,
    setRealName: edit(setRealName),
    idNumber,
    setIdNumber: edit(setIdNumber),
    errors,
    error,
    busy,
    submit,
  };
}

export type VerifyPage = ReturnType<typeof useVerify>;
