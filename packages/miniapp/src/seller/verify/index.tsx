import { useState } from 'react';
import Taro from '@tarojs/taro';
import { View, Text } from '@tarojs/components';
import { Button, Input } from '@nutui/nutui-react-taro';
import { isCreditCode, isResidentIdNumber, routes } from '@cc/shared';
import { call, errorMessage } from '../../api';
import { pageParam } from '../../calls-common/lib';
import { SELLER_PAGES, fieldErrors } from '../../commerce/lib';
import { useShop } from '../lib/shop';
import '../lib/seller.css';
import { Chips, ErrorView, Field, LoadingView, Notice } from '../../ui';

type IdKind = 'resident_id' | 'credit_code';

/** 实名认证: the real name and an identity number (resident ID or credit code); the community's operators check it. */
export default function SellerVerify() {
  const id = pageParam('id');
  const fresh = pageParam('new') === '1';
  const { state, reload } = useShop();
  const [realName, setRealName] = useState('');
  const [idKind, setIdKind] = useState<IdKind | null>(null);
  const [idNumber, setIdNumber] = useState('');
  const [errors, setErrors] = useState<Record<string, string>>({});
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);

  if (state.kind === 'loading') return <LoadingView />;
  if (state.kind === 'error' || state.kind === 'none')
    return (
      <View className="page">
        <ErrorView message={state.kind === 'none' ? '您还没有店铺' : state.message} onRetry={() => void reload()} />
      </View>
    );
  const shop = state.shops.find((m) => m.id === id) ?? state.shop;
  const kind: IdKind = idKind ?? (shop.kind === 'farmer' ? 'resident_id' : 'credit_code');
  const kinds: { value: IdKind; label: string; disabled?: boolean }[] = [
    { value: 'resident_id', label: '居民身份证', disabled: shop.kind === 'coop' },
    { value: 'credit_code', label: '统一社会信用代码' },
  ];
  const v = shop.verification;

  if (v.status === 'verified' || v.status === 'pending')
    return (
      <View className="page seller-verify">
        <Notice
          tone={v.status === 'verified' ? 'ok' : 'info'}
          title={v.status === 'verified' ? '已通过实名认证' : '已提交，等待服务站审核'}
          className="seller-verify__done"
        >
          <Text>
            {v.real_name} · {v.id_number_masked}
          </Text>
        </Notice>
        <Button type="primary" size="large" block onClick={() => void Taro.redirectTo({ url: SELLER_PAGES.home })}>
          回到我的店铺
        </Button>
      </View>
    );

  async function submit() {
    const number = idNumber.trim().toUpperCase();
    const local: Record<string, string> = {};
    if (realName.trim().length < 2) local.real_name = kind === 'credit_code' ? '请填写营业执照上的单位名称' : '请填写身份证上的姓名';
    if (kind === 'resident_id' ? !isResidentIdNumber(number) : !isCreditCode(number))
      local.id_number =
        kind === 'resident_id' ? '身份证号码不正确：18 位，请核对最后一位' : '统一社会信用代码不正确：18 位，请对照营业执照核对';
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

  return (
    <View className="page seller-verify">
      <Text className="page-title">实名认证</Text>
      <View className="page-subtitle">
        <Text>「{shop.name}」的证件由社区服务站核对；平台只保存证件号的前 3 位和后 4 位。</Text>
      </View>
      {fresh && (
        <Notice tone="ok" className="seller-verify__created">
          <Text>店铺已登记。提交实名认证后，就可以等服务站审核了。</Text>
        </Notice>
      )}
      {v.status === 'rejected' && (
        <Notice tone="danger" title="上次未通过" className="seller-verify__rejected">
          <Text>{v.rejected_reason}</Text>
        </Notice>
      )}
      {error && (
        <Notice tone="danger" className="seller-verify__error">
          <Text>{error}</Text>
        </Notice>
      )}
      <View className="biz-form">
        <Field
          label="证件类型"
          boxed={false}
          hint={shop.kind === 'coop' ? '合作社须用统一社会信用代码' : undefined}
          className="verify-kind"
        >
          <Chips options={kinds} value={kind} onChange={(k) => setIdKind(k)} />
        </Field>
        <Field label={kind === 'credit_code' ? '单位名称' : '真实姓名'} required error={errors.real_name} className="verify-name">
          <Input
            placeholder={kind === 'credit_code' ? '与营业执照一致' : '与身份证一致'}
            maxLength={40}
            value={realName}
            onChange={(t) => {
              setRealName(t);
              setErrors({});
            }}
          />
        </Field>
        <Field
          label={kind === 'credit_code' ? '统一社会信用代码' : '身份证号码'}
          required
          error={errors.id_number}
          hint="18 位，字母请大写"
          className="verify-number"
        >
          <Input
            placeholder="18 位"
            maxLength={18}
            value={idNumber}
            onChange={(t) => {
              setIdNumber(t);
              setErrors({});
            }}
          />
        </Field>
      </View>
      <Button type="primary" size="large" block className="verify-submit" loading={busy} disabled={busy} onClick={() => void submit()}>
        提交认证
      </Button>
    </View>
  );
}
