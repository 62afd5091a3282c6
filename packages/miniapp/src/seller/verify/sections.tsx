import Taro from '@tarojs/taro';
import { View, Text } from '@tarojs/components';
import { Button, Input } from '@nutui/nutui-react-taro';
import type { Merchant } from '@cc/shared';
import { SELLER_PAGES } from '../../commerce/lib';
import { Chips, Field, Notice } from '../../ui';
import type { IdKind, VerifyPage } from './useVerify';

/** Verified or waiting for the operators: what was submitted (masked) and the way back. */
export function VerifyDone({ v }: { v: Merchant['verification'] }) {
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
}

/** Just registered, refused last time, the last failure. */
export function VerifyNotices({ s, v }: { s: VerifyPage; v: Merchant['verification'] }) {
  return (
    <>
      {s.fresh && (
        <Notice tone="ok" className="seller-verify__created">
          <Text>店铺已登记。提交实名认证后，就可以等服务站审核了。</Text>
        </Notice>
      )}
      {v.status === 'rejected' && (
        <Notice tone="danger" title="上次未通过" className="seller-verify__rejected">
          <Text>{v.rejected_reason}</Text>
        </Notice>
      )}
      {s.error && (
        <Notice tone="danger" className="seller-verify__error">
          <Text>{s.error}</Text>
        </Notice>
      )}
    </>
  );
}

/** The kind of identity, the name on it and its number. */
export function VerifyFields({ s, shop }: { s: VerifyPage; shop: Merchant }) {
  const business = s.kind === 'credit_code';
  const kinds: { value: IdKind; label: string; disabled?: boolean }[] = [
    { value: 'resident_id', label: '居民身份证', disabled: shop.kind === 'coop' },
    { value: 'credit_code', label: '统一社会信用代码' },
  ];
  return (
    <View className="biz-form">
      <Field label="证件类型" boxed={false} hint={shop.kind === 'coop' ? '合作社须用统一社会信用代码' : undefined} className="verify-kind">
        <Chips options={kinds} value={s.kind} onChange={(k) => s.setKind(k)} />
      </Field>
      <Field label={business ? '单位名称' : '真实姓名'} required error={s.errors.real_name} className="verify-name">
        <Input placeholder={business ? '与营业执照一致' : '与身份证一致'} maxLength={40} value={s.realName} onChange={s.setRealName} />
      </Field>
      <Field
        label={business ? '统一社会信用代码' : '身份证号码'}
        required
        error={s.errors.id_number}
        hint="18 位，字母请大写"
        className="verify-number"
      >
        <Input placeholder="18 位" maxLength={18} value={s.idNumber} onChange={s.setIdNumber} />
      </Field>
    </View>
  );
}
