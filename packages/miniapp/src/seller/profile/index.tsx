import { useCallback, useState } from 'react';
import Taro, { useDidShow } from '@tarojs/taro';
import { View, Text } from '@tarojs/components';
import { Button, Input, TextArea } from '@nutui/nutui-react-taro';
import { MERCHANT_KINDS, routes, type Community, type RouteInput, type Me, type Merchant, type MerchantKind } from '@cc/shared';
import { call, errorMessage } from '../../api';
import { pageParam } from '../../calls-common/lib';
import { MERCHANT_KIND_NAMES, SELLER_PAGES, fieldErrors } from '../../commerce/lib';
import { chooseShop } from '../lib/shop';
import '../lib/seller.css';
import { Chips, ErrorView, Field, LoadingView, Notice } from '../../ui';

type State =
  { kind: 'loading' } | { kind: 'error'; message: string } | { kind: 'ready'; me: Me; communities: Community[]; shop: Merchant | null };

interface Form {
  kind: MerchantKind;
  name: string;
  description: string;
  contact_name: string;
  contact_phone: string;
  origin_village: string;
  serves: string[];
}

function formOf(shop: Merchant | null, me: Me): Form {
  if (shop)
    return {
      kind: shop.kind,
      name: shop.name,
      description: shop.description,
      contact_name: shop.contact_name,
      contact_phone: shop.contact_phone,
      origin_village: shop.origin_village ?? '',
      serves: shop.serves_community_ids,
    };
  const farmer = me.roles.some((g) => g.role === 'farmer');
  return {
    kind: farmer ? 'farmer' : 'store',
    name: '',
    description: '',
    contact_name: me.nickname,
    contact_phone: '',
    origin_village: '',
    serves: me.community_id ? [me.community_id] : [],
  };
}

/** 登记开店 (a new shop) or 店铺资料 (?id=): profile and the communities it delivers to. */
export default function SellerProfile() {
  const id = pageParam('id');
  const [state, setState] = useState<State>({ kind: 'loading' });
  const [form, setForm] = useState<Form | null>(null);
  const [errors, setErrors] = useState<Record<string, string>>({});
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const [saved, setSaved] = useState(false);

  const load = useCallback(async () => {
    setState({ kind: 'loading' });
    try {
      const [me, communities, mine] = await Promise.all([
        call(routes.getMe, {}),
        call(routes.listCommunities, { query: { limit: 100 } }),
        id ? call(routes.listMyMerchants, {}) : Promise.resolve({ items: [] as Merchant[] }),
      ]);
      const shop = id ? (mine.items.find((m) => m.id === id) ?? null) : null;
      if (id && !shop) throw new Error('not found');
      setState({ kind: 'ready', me, communities: communities.items, shop });
      setForm(formOf(shop, me));
    } catch (e) {
      setState({ kind: 'error', message: e instanceof Error && e.message === 'not found' ? '找不到这家店铺' : errorMessage(e) });
    }
  }, [id]);
  const [loaded, setLoaded] = useState(false);
  useDidShow(() => {
    if (!loaded) void load();
    setLoaded(true);
  });

  if (state.kind === 'loading' || (state.kind === 'ready' && !form)) return <LoadingView />;
  if (state.kind === 'error')
    return (
      <View className="page">
        <ErrorView message={state.message} onRetry={() => void load()} />
      </View>
    );
  const { me, communities, shop } = state;
  const f = form!;
  const home = communities.find((c) => c.id === (shop?.community_id ?? me.community_id)) ?? null;
  const set = (patch: Partial<Form>) => {
    setForm({ ...f, ...patch });
    setErrors({});
    setSaved(false);
  };

  async function save() {
    const local: Record<string, string> = {};
    if (f.name.trim().length < 2) local.name = '店铺名称至少 2 个字';
    if (f.contact_name.trim().length < 2) local.contact_name = '联系人至少 2 个字';
    if (!/^(1[3-9]\d{9}|0\d{2,3}-?\d{7,8})$/.test(f.contact_phone.trim())) local.contact_phone = '请填写 11 位手机号或带区号的固定电话';
    if (f.serves.length === 0) local.serves_community_ids = '至少选一个社区或村';
    if (f.kind !== 'store' && f.origin_village.trim() && f.origin_village.trim().length < 2) local.origin_village = '产地至少 2 个字';
    setErrors(local);
    if (Object.keys(local).length) return;
    if (!shop && !me.community_id) {
      setError('请先回到首页选择您所在的社区或村，店铺登记在那里');
      return;
    }
    setBusy(true);
    setError(null);
    try {
      const village = f.kind === 'store' ? '' : f.origin_village.trim();
      if (shop) {
        const body: NonNullable<RouteInput<typeof routes.updateMerchant>['body']> = {};
        if (f.name.trim() !== shop.name) body.name = f.name.trim();
        if (f.description.trim() !== shop.description) body.description = f.description.trim();
        if (f.contact_name.trim() !== shop.contact_name) body.contact_name = f.contact_name.trim();
        if (f.contact_phone.trim() !== shop.contact_phone) body.contact_phone = f.contact_phone.trim();
        if ((village || null) !== shop.origin_village) body.origin_village = village || null;
        if (f.serves.join() !== shop.serves_community_ids.join()) body.serves_community_ids = f.serves;
        if (Object.keys(body).length === 0) {
          setSaved(true);
          return;
        }
        const next = await call(routes.updateMerchant, { params: { merchant_id: shop.id }, body });
        setState({ ...state, shop: next } as State);
        setSaved(true);
      } else {
        const created = await call(routes.createMerchant, {
          body: {
            kind: f.kind,
            name: f.name.trim(),
            ...(f.description.trim() ? { description: f.description.trim() } : {}),
            contact_name: f.contact_name.trim(),
            contact_phone: f.contact_phone.trim(),
            ...(village ? { origin_village: village } : {}),
            community_id: me.community_id!,
            serves_community_ids: f.serves,
          },
        });
        chooseShop(created.id);
        // Straight on to the verification: nothing can be sold before it.
        void Taro.redirectTo({ url: `${SELLER_PAGES.verify}?id=${created.id}&new=1` });
      }
    } catch (e) {
      setErrors(fieldErrors(e));
      setError(errorMessage(e));
    } finally {
      setBusy(false);
    }
  }

  return (
    <View className="page seller-profile">
      <Text className="page-title">{shop ? '店铺资料' : '登记开店'}</Text>
      <View className="page-subtitle">
        <Text>
          {home ? `登记在「${home.name}」，由那里的社区服务站审核。` : ''}
          {shop ? '' : '登记后请提交实名认证，通过后商品才能上架。'}
        </Text>
      </View>
      {saved && (
        <Notice tone="ok" className="seller-profile__saved">
          <Text>店铺资料已保存</Text>
        </Notice>
      )}
      {error && (
        <Notice tone="danger" className="seller-profile__error">
          <Text>{error}</Text>
        </Notice>
      )}
      <View className="biz-form">
        {!shop && (
          <Field label="店铺类型" boxed={false} className="seller-kind">
            <Chips
              options={MERCHANT_KINDS.map((k) => ({ value: k, label: MERCHANT_KIND_NAMES[k] }))}
              value={f.kind}
              onChange={(kind) => set({ kind })}
            />
          </Field>
        )}
        <Field label="店铺名称" required error={errors.name} className="seller-name">
          <Input
            placeholder={f.kind === 'store' ? '如：益乐惠民超市' : '如：陈家茶园、白沙村果蔬合作社'}
            maxLength={40}
            value={f.name}
            onChange={(name) => set({ name })}
          />
        </Field>
        <Field label="简介" required={false} error={errors.description} className="seller-description">
          <TextArea
            placeholder="卖什么、怎么种的、怎么送，居民在店铺页会看到"
            maxLength={500}
            rows={3}
            autoSize
            value={f.description}
            onChange={(description) => set({ description })}
          />
        </Field>
        {f.kind !== 'store' && (
          <Field label="产地（村）" required={false} error={errors.origin_village} hint="商品默认标这个产地" className="seller-village">
            <Input
              placeholder="如：径山村"
              maxLength={40}
              value={f.origin_village}
              onChange={(origin_village) => set({ origin_village })}
            />
          </Field>
        )}
        <Field label="联系人" required error={errors.contact_name} className="seller-contact">
          <Input placeholder="姓名" maxLength={20} value={f.contact_name} onChange={(contact_name) => set({ contact_name })} />
        </Field>
        <Field label="联系电话" required error={errors.contact_phone} hint="居民看到的是打码后的号码" className="seller-phone">
          <Input
            type="tel"
            placeholder="手机号或 0571-88001234"
            maxLength={13}
            value={f.contact_phone}
            onChange={(contact_phone) => set({ contact_phone })}
          />
        </Field>
        <Field
          label="配送到"
          boxed={false}
          error={errors.serves_community_ids}
          hint="只有这些社区和村的居民能看到并购买您的商品"
          className="seller-serves"
        >
          <Chips
            small
            options={communities.map((c) => ({ value: c.id, label: c.name }))}
            value={f.serves}
            onChange={(cid) => set({ serves: f.serves.includes(cid) ? f.serves.filter((x) => x !== cid) : [...f.serves, cid] })}
          />
        </Field>
      </View>
      <Button type="primary" size="large" block className="seller-profile__save" loading={busy} disabled={busy} onClick={() => void save()}>
        {shop ? '保存' : '登记并去实名认证'}
      </Button>
    </View>
  );
}
