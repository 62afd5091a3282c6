import { useState } from 'react';
import { View, Text } from '@tarojs/components';
import { Button, Input } from '@nutui/nutui-react-taro';
import { routes, type Address } from '@cc/shared';
import { call, errorMessage } from '../../api';
import { named, phoneInput } from '../../ui/input-names';

/** What the platform already knows of the resident: her registered home address and her name. */
export type Registered = { address: string | null; name: string };

/** WeChat's default nickname is not a name to deliver to. */
const usableName = (name: string) => (name && name !== '微信用户' ? name : '');

/**
 * The inline form of a new address (收货地址), added to the address book and chosen at once. It starts from her
 * registered address and name (issue 12 item 5): she checks them and adds a phone number, she does not retype them.
 */
export function AddressForm(props: { registered: Registered; onSaved: (a: Address) => void; onCancel: (() => void) | null }) {
  const { registered, onSaved, onCancel } = props;
  const [form, setForm] = useState({ label: '家', recipient: usableName(registered.name), phone: '', detail: registered.address ?? '' });
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const set = (k: keyof typeof form) => (v: string) => setForm((f) => ({ ...f, [k]: v }));

  async function save() {
    const f = { label: form.label.trim(), recipient: form.recipient.trim(), phone: form.phone.trim(), detail: form.detail.trim() };
    if (!f.recipient) return setError('请填写收货人');
    if (!/^1[3-9]\d{9}$/.test(f.phone)) return setError('请填写 11 位手机号');
    if (f.detail.length < 4) return setError('请填写详细地址：几幢几单元几室');
    setBusy(true);
    setError(null);
    try {
      onSaved(await call(routes.addMyAddress, { body: { ...f, label: f.label || '家' } }));
    } catch (e) {
      setError(errorMessage(e));
    } finally {
      setBusy(false);
    }
  }

  const prefilled = registered.address !== null && form.detail.trim() === registered.address;
  return (
    <View className="address-form">
      <Text className="address-form__title">新增收货地址</Text>
      <View className="shop-field address-form__label">
        <Text className="shop-field__label">标签</Text>
        <Input {...named('标签')} placeholder="家、父母家…" maxLength={10} value={form.label} onChange={set('label')} />
      </View>
      <View className="shop-field address-form__recipient">
        <Text className="shop-field__label">收货人</Text>
        <Input {...named('收货人')} placeholder="姓名" maxLength={20} value={form.recipient} onChange={set('recipient')} />
      </View>
      <View className="shop-field address-form__phone">
        <Text className="shop-field__label">手机号</Text>
        <Input {...phoneInput('手机号')} placeholder="11 位手机号" maxLength={11} value={form.phone} onChange={set('phone')} />
      </View>
      <View className="shop-field address-form__detail">
        <Text className="shop-field__label">详细地址</Text>
        <Input {...named('详细地址')} placeholder="小区 楼幢 单元 室" maxLength={120} value={form.detail} onChange={set('detail')} />
        {prefilled && (
          <Text className="shop-hint" data-testid="address-prefilled">
            已填入您登记的住址，可修改
          </Text>
        )}
      </View>
      {error && (
        <View className="shop-field__error" role="alert">
          {error}
        </View>
      )}
      <View className="address-form__actions">
        <Button type="primary" size="small" className="address-form__save" loading={busy} disabled={busy} onClick={() => void save()}>
          保存并使用
        </Button>
        {onCancel && (
          <Button size="small" onClick={onCancel}>
            取消
          </Button>
        )}
      </View>
    </View>
  );
}
