import type { AgriPrices } from '../agri/price/index';
import { seedDemoPrices } from '../agri/price/seeding';
import type { Calls } from '../calls/index';
import type { Delivery } from '../delivery/index';
import type { Catalog } from '../catalog/index';
import { DEMO_SELLERS, seedCatalogDemo } from '../catalog/seeding';
import type { Identity } from '../identity/index';
import type { UserActor } from '../platform/actor';
import type { Uploads } from '../uploads/index';
import type { Wallet } from '../wallet/index';
import { seedProductPhotos } from './seed-photos';

type Progress = (step: string) => void;

const weekdays = (open: string, close: string, days = [1, 2, 3, 4, 5, 6, 7]) => days.map((weekday) => ({ weekday, open, close }));

type Seeding = Identity['seeding'];
type Places = { wenxin: string; jingshan: string; baisha: string };

/**
 * A realistic demo near Hangzhou: one urban community and two villages, their stations, a kiosk, and a person for
 * every role. Safe to run twice: everything is upserted by a natural key; the kiosk gets a fresh secret each run.
 */
export async function seedDemo(
  {
    identity,
    wallet,
    calls,
    catalog,
    delivery,
    uploads,
    agriPrices,
  }: {
    identity: Identity;
    wallet: Wallet;
    calls?: Calls;
    catalog?: Catalog;
    delivery?: Delivery;
    uploads?: Uploads;
    agriPrices?: AgriPrices;
  },
  progress: Progress = () => undefined,
) {
  const { seeding, places } = identity;
  const steps = catalog ? 6 : 5;
  let step = 0;
  const next = (what: string) => progress(`[${++step}/${steps}] ${what}`);

  next('社区和村');
  const communities = await seedCommunities(seeding);
  next('服务站和自提点');
  const serviceStation = await seedStations(seeding, communities);
  next('各类用户');
  const users = await seedPeople(seeding, communities);

  next('社区终端');
  const kiosk = await seeding.kiosk(communities.wenxin, '益乐社区服务站一号机', serviceStation._id, users['demo-operator-1'] as string);
  const secret = await places.rotateKioskSecret(kiosk._id);

  next('市民卡、钱包和几笔消费');
  await seedWallets(wallet, users);

  if (calls) await seedCalls(calls, communities, users);
  if (delivery) await seedSlots(delivery, communities);
  const merchants: Record<string, string> = {};
  if (catalog) {
    next('商户和商品');
    Object.assign(merchants, await seedSellers(seeding, catalog, communities, users));
    // Photos of the products (committed drawings), uploaded once: a second run finds them attached.
    if (uploads) await seedProductPhotos(catalog, uploads.service, merchants, users);
  }
  // 行情: a few weeks of observations of 青菜, 高山茶叶 and 苹果 in the demo villages, and the farmers' asking prices.
  if (agriPrices) await seedDemoPrices(agriPrices, users);
  return {
    communities,
    merchants,
    users,
    kiosk: { id: kiosk._id, secret },
  };
}
export type DemoSeed = Awaited<ReturnType<typeof seedDemo>>;

/** One urban community and two villages. */
async function seedCommunities(seeding: Seeding): Promise<Places> {
  const wenxin = await seeding.community({
    code: 'hz-xihu-wenxin',
    name: '文新街道益乐社区',
    kind: 'community',
    city: '杭州市',
    district: '西湖区',
    address: '杭州市西湖区文一西路益乐路口',
    location: { lat: 30.2856, lng: 120.1217 },
    hotline: '0571-96345',
  });
  const jingshan = await seeding.community({
    code: 'hz-yuhang-jingshan',
    name: '径山镇径山村',
    kind: 'village',
    city: '杭州市',
    district: '余杭区',
    address: '杭州市余杭区径山镇径山村村委会',
    location: { lat: 30.3969, lng: 119.7814 },
    hotline: '0571-96345',
  });
  const baisha = await seeding.community({
    code: 'hz-linan-baisha',
    name: '太湖源镇白沙村',
    kind: 'village',
    city: '杭州市',
    district: '临安区',
    address: '杭州市临安区太湖源镇白沙村',
    location: { lat: 30.3589, lng: 119.5521 },
    hotline: '0571-96345',
  });
  return { wenxin: wenxin._id, jingshan: jingshan._id, baisha: baisha._id };
}

/** Their service station, a pickup point and the village stations; returns 益乐社区's service station. */
async function seedStations(seeding: Seeding, c: Places) {
  const serviceStation = await seeding.station(c.wenxin, {
    name: '益乐社区服务站',
    kind: 'service',
    address: '益乐新村 12 幢一楼',
    location: { lat: 30.2861, lng: 120.1222 },
    phone: '0571-88001234',
    opening_hours: weekdays('08:00', '20:00'),
  });
  await seeding.station(c.wenxin, {
    name: '益乐菜鸟驿站自提点',
    kind: 'pickup',
    address: '益乐路 45 号',
    location: { lat: 30.2849, lng: 120.1209 },
    phone: null,
    opening_hours: weekdays('07:30', '21:30'),
  });
  await seeding.station(c.jingshan, {
    name: '径山村村级服务站',
    kind: 'village_station',
    address: '径山村村委会东侧',
    location: { lat: 30.3972, lng: 119.7809 },
    phone: '0571-88587001',
    opening_hours: weekdays('08:30', '17:30', [1, 2, 3, 4, 5, 6]),
  });
  await seeding.station(c.baisha, {
    name: '白沙村村级服务站',
    kind: 'village_station',
    address: '白沙村文化礼堂旁',
    location: { lat: 30.3591, lng: 119.5526 },
    phone: '0571-63771002',
    opening_hours: weekdays('08:30', '17:30', [1, 2, 3, 4, 5, 6]),
  });
  return serviceStation;
}

/** A person for every role. */
const demoPeople = (c: Places) => [...demoResidents(c), ...demoStaff(c)];

/** Residents, farmers and a buyer. */
const demoResidents = (c: Places) =>
  [
    {
      openid: 'demo-resident-1',
      nickname: '王秀英',
      phone: '13805710001',
      address: '益乐新村 3 幢 2 单元 301 室',
      community_id: c.wenxin,
      roles: [],
    },
    {
      openid: 'demo-resident-2',
      nickname: '刘德明',
      phone: '13805710002',
      address: '益乐新村 7 幢 1 单元 502 室',
      community_id: c.wenxin,
      roles: [],
    },
    {
      openid: 'demo-farmer-1',
      nickname: '陈建国',
      phone: '13905710011',
      address: '径山村上湾组 18 号',
      community_id: c.jingshan,
      roles: [{ role: 'farmer', community_id: c.jingshan }],
    },
    {
      openid: 'demo-farmer-2',
      nickname: '何美琴',
      phone: '13905710012',
      address: '白沙村下畈 6 号',
      community_id: c.baisha,
      roles: [{ role: 'farmer', community_id: c.baisha }],
    },
    {
      openid: 'demo-buyer-1',
      nickname: '李明',
      phone: '13605710021',
      address: '文新街道社区食堂',
      community_id: c.wenxin,
      roles: [{ role: 'buyer', community_id: c.wenxin }],
    },
  ] as const;

/** A courier, a service provider, operators and the admin. */
const demoStaff = (c: Places) =>
  [
    {
      openid: 'demo-courier-1',
      nickname: '赵强',
      phone: '13705710031',
      address: '益乐新村 9 幢 1 单元 102 室',
      community_id: c.wenxin,
      roles: [
        { role: 'courier', community_id: c.wenxin },
        { role: 'courier', community_id: c.jingshan },
      ],
    },
    {
      openid: 'demo-provider-1',
      nickname: '孙丽',
      phone: '13505710041',
      address: '益乐新村 5 幢 3 单元 201 室',
      community_id: c.wenxin,
      roles: [{ role: 'provider', community_id: c.wenxin }],
    },
    {
      openid: 'demo-operator-1',
      nickname: '周敏',
      phone: '13405710051',
      address: '益乐社区服务站',
      community_id: c.wenxin,
      roles: [{ role: 'operator', community_id: c.wenxin }],
    },
    {
      openid: 'demo-operator-2',
      nickname: '钱卫东',
      phone: '13405710052',
      address: '径山村村级服务站',
      community_id: c.jingshan,
      roles: [{ role: 'operator', community_id: c.jingshan }],
    },
    {
      openid: 'demo-admin-1',
      nickname: '吴刚',
      phone: '13305710061',
      address: '杭州市西湖区文三路 100 号',
      community_id: null,
      roles: [{ role: 'admin', community_id: null }],
    },
  ] as const;

async function seedPeople(seeding: Seeding, c: Places): Promise<Record<string, string>> {
  const users: Record<string, string> = {};
  for (const p of demoPeople(c)) {
    const user = await seeding.user({ ...p, roles: p.roles.map((r) => ({ ...r })) });
    users[p.openid] = user._id;
  }
  return users;
}

async function seedCalls(calls: Calls, c: Places, users: Record<string, string>): Promise<void> {
  // 便民服务目录 for every demo place, and 孙丽's skills in 益乐社区 (both idempotent).
  for (const community_id of [c.wenxin, c.jingshan, c.baisha]) await calls.service.seedCatalogue(community_id);
  await calls.service.setSkills(null, c.wenxin, users['demo-provider-1'] as string, [
    'water_electric',
    'housekeeping',
    'elder_meal',
    'elder_escort',
    'appliance',
    'other',
  ]);
}

async function seedSlots(delivery: Delivery, c: Places): Promise<void> {
  // 益乐社区 gets deliveries twice a day; the villages on their market-run days, ordered by the day before.
  const daily = [1, 2, 3, 4, 5, 6, 7];
  await delivery.slots.seedTemplate(c.wenxin, { weekdays: daily, start: '09:00', end: '11:00', capacity: 30, cutoff_minutes: 120 });
  await delivery.slots.seedTemplate(c.wenxin, { weekdays: daily, start: '17:00', end: '19:00', capacity: 30, cutoff_minutes: 120 });
  for (const village of [c.jingshan, c.baisha]) {
    await delivery.slots.seedTemplate(village, { weekdays: [2, 5], start: '14:00', end: '17:00', capacity: 20, cutoff_minutes: 24 * 60 });
  }
}

async function seedSellers(seeding: Seeding, catalog: Catalog, communities: Places, users: Record<string, string>) {
  for (const p of DEMO_SELLERS) {
    const community_id = communities[p.community];
    const roles = p.role ? [{ role: p.role, community_id }] : [];
    users[p.openid] = (
      await seeding.user({ openid: p.openid, nickname: p.nickname, phone: p.phone, address: p.address, community_id, roles })
    )._id;
  }
  return seedCatalogDemo(catalog, communities, users);
}

/**
 * The demo people's citizen cards, as the card centre knows them (the gateway simulator's DEMO_CARDS), with the PIN
 * each set. 李明's card stays unbound so a visitor can try binding it; 王秀英's spare card is for trying a reissue.
 */
export const DEMO_WALLETS = [
  { openid: 'demo-resident-1', card_number: '8860330102047283159', holder_name: '王秀英', pin: '135790', cash_fen: 30000 },
  { openid: 'demo-resident-2', card_number: '8860330102035691470', holder_name: '刘德明', pin: '246813', cash_fen: 10000 },
  { openid: 'demo-farmer-1', card_number: '8860330101118465026', holder_name: '陈建国', pin: '975310', cash_fen: 0 },
] as const;

const DEMO_PURCHASES = [
  { memo: '益乐便民超市 · 青菜 2 斤', amount_fen: 650 },
  { memo: '益乐便民超市 · 土鸡蛋 10 个', amount_fen: 1580 },
  { memo: '益乐便民超市 · 径山大米 5 公斤', amount_fen: 4200 },
  { memo: '益乐便民超市 · 嫩豆腐', amount_fen: 350 },
];

async function seedWallets(wallet: Wallet, users: Record<string, string>): Promise<void> {
  const merchant = await wallet.ledger.ensureAccount('merchant', 'demo-merchant-yile', '益乐便民超市');
  const cashDesk = await wallet.ledger.ensureAccount('cash_in', 'demo-seed', '演示数据初始余额');
  for (const w of DEMO_WALLETS) {
    const user_id = users[w.openid] as string;
    const actor: UserActor = { kind: 'user', user_id, roles: [], community_id: null, session_id: 'seed' };
    if (!(await wallet.cards.currentCard(user_id))) await wallet.cards.bind(actor, w.card_number, w.holder_name);
    const card = (await wallet.cards.currentCard(user_id))!;
    if (!card.pin_hash) await wallet.cards.setPin(actor, w.pin);
    if (w.cash_fen > 0) {
      await wallet.ledger.transfer({
        idempotency_key: `seed:cash:${w.openid}`,
        debit_account_id: cashDesk._id,
        credit_account_id: card.account_id,
        amount_fen: w.cash_fen,
        kind: 'topup',
        memo: '服务站现金充值',
        reference_id: null,
      });
    }
  }
  const first = DEMO_WALLETS[0];
  for (const [i, p] of DEMO_PURCHASES.entries()) {
    await wallet.paying.pay({
      user_id: users[first.openid] as string,
      amount_fen: p.amount_fen,
      idempotency_key: `seed:purchase:${i}`,
      payee_account_id: merchant._id,
      memo: p.memo,
      reference_id: `seed-purchase-${i}`,
    });
  }
}
