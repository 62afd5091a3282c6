import { creditCodeCheckChar, residentIdCheckChar, shanghaiDate, type BodyOf, type ProductUnit, type routes } from '@cc/shared';
import type { UserActor } from '../platform/actor';
import type { Catalog } from './index';
import type { CatalogRow, RowField } from './products';

type CreateMerchant = BodyOf<typeof routes.createMerchant>;
type DemoProduct = [
  sku: string,
  name: string,
  category: string,
  unit: ProductUnit,
  price_fen: number,
  stock: number,
  spec: string,
  keywords: string,
];

const daysAgo = (n: number) => shanghaiDate(new Date(Date.now() - n * 24 * 3600 * 1000));
const residentId = (first17: string) => first17 + residentIdCheckChar(first17);
const creditCode = (first17: string) => first17 + creditCodeCheckChar(first17);

type DemoPlaces = { wenxin: string; jingshan: string; baisha: string };

/** The demo's sellers: two 径山村 farmers, the 白沙村 co-op and a store in 益乐社区, with what they sell. */
function demoMerchants(c: DemoPlaces) {
  return [...jingshanFarmers(c), ...baishaAndWenxinSellers(c)];
}

/** The two 径山村 farmers. */
function jingshanFarmers(c: DemoPlaces) {
  return [
    {
      owner: 'demo-farmer-1',
      verifier: { openid: 'demo-operator-2', role: 'operator' as const, community_id: c.jingshan },
      profile: {
        name: '陈建国家庭茶场',
        kind: 'farmer',
        description: '径山村上湾组自家茶园，三代做茶，明前手工炒制，兼做笋干。',
        contact_name: '陈建国',
        contact_phone: '13905710011',
        community_id: c.jingshan,
        origin_village: '径山村',
        serves_community_ids: [c.wenxin, c.jingshan],
      } satisfies CreateMerchant,
      identity: { real_name: '陈建国', id_kind: 'resident_id' as const, id_number: residentId('33011019680312003') },
      harvest: { tea: null, fresh: daysAgo(1) },
      products: [
        ['JS-TEA-01', '径山茶 明前一级', 'processed.tea', '罐', 28800, 40, '250 克/罐', '径山茶 绿茶 明前 余杭'],
        ['JS-TEA-02', '径山茶 雨前二级', 'processed.tea', '袋', 16800, 60, '500 克/袋', '径山茶 绿茶 口粮茶'],
        ['JS-SUN-02', '农家笋干', 'processed.dried', '袋', 3500, 80, '250 克/袋，日晒', '笋干 天目笋 干货'],
      ] as DemoProduct[],
    },
    {
      owner: 'demo-farmer-3',
      verifier: { openid: 'demo-operator-2', role: 'operator' as const, community_id: c.jingshan },
      profile: {
        name: '俞桂芳生态农场',
        kind: 'farmer',
        description: '径山脚下林下散养土鸡，现挖冬笋，鸡蛋每天一早收。',
        contact_name: '俞桂芳',
        contact_phone: '13905710013',
        community_id: c.jingshan,
        origin_village: '径山村',
        serves_community_ids: [c.wenxin, c.jingshan],
      } satisfies CreateMerchant,
      identity: { real_name: '俞桂芳', id_kind: 'resident_id' as const, id_number: residentId('33011019720908004') },
      harvest: { tea: null, fresh: daysAgo(1) },
      products: [
        ['JS-EGG-01', '径山土鸡蛋', 'meat_eggs.eggs', '盒', 4500, 50, '30 枚/盒', '土鸡蛋 鸡蛋 散养'],
        ['JS-EGG-02', '土鸭蛋', 'meat_eggs.eggs', '盒', 3600, 30, '20 枚/盒', '鸭蛋'],
        ['JS-SUN-01', '径山冬笋（现挖）', 'vegetables.bamboo', '斤', 1800, 120, '带壳，约 2–3 个/斤', '冬笋 笋 竹笋'],
        ['JS-CHK-01', '林下散养土鸡', 'meat_eggs.poultry', '只', 16800, 12, '整只约 3 斤，现杀', '土鸡 老母鸡 炖汤'],
      ] as DemoProduct[],
    },
  ];
}

/** The 白沙村 co-op and the store in 益乐社区. */
function baishaAndWenxinSellers(c: DemoPlaces) {
  return [
    {
      owner: 'demo-farmer-2',
      // 白沙村 has no operator in the demo: the platform admin verified the co-op.
      verifier: { openid: 'demo-admin-1', role: 'admin' as const, community_id: null },
      profile: {
        name: '白沙村果蔬专业合作社',
        kind: 'coop',
        description: '太湖源镇白沙村 32 户社员，山地蔬菜和时令水果，当天采摘当天配送。',
        contact_name: '何美琴',
        contact_phone: '13905710012',
        community_id: c.baisha,
        origin_village: '白沙村',
        serves_community_ids: [c.wenxin, c.baisha],
      } satisfies CreateMerchant,
      identity: {
        real_name: '临安区太湖源镇白沙村果蔬专业合作社',
        id_kind: 'credit_code' as const,
        id_number: creditCode('93330185MA2H4K7P1'),
      },
      harvest: { tea: null, fresh: daysAgo(0) },
      products: [
        ['BS-VEG-01', '小青菜', 'vegetables.leafy', '斤', 350, 200, '当天采摘', '青菜 上海青 小白菜'],
        ['BS-VEG-02', '高山菠菜', 'vegetables.leafy', '斤', 600, 80, '当天采摘', '菠菜'],
        ['BS-VEG-03', '白萝卜', 'vegetables.root', '斤', 250, 150, '约 2 斤/个', '萝卜'],
        ['BS-VEG-04', '红心番薯', 'vegetables.root', '斤', 400, 100, '', '番薯 红薯 地瓜'],
        ['BS-VEG-05', '鲜香菇', 'vegetables.mushroom', '斤', 1200, 40, '段木栽培', '香菇 蘑菇'],
        ['BS-FRU-01', '本地椪柑', 'fruit.citrus', '斤', 500, 150, '中果', '橘子 柑橘 椪柑'],
        ['BS-FRU-02', '红心猕猴桃', 'fruit.seasonal', '斤', 800, 90, '单果约 80 克', '猕猴桃 奇异果'],
        ['BS-PRO-01', '临安山核桃仁', 'processed.dried', '袋', 5800, 30, '250 克/袋', '山核桃 坚果'],
      ] as DemoProduct[],
    },
    {
      owner: 'demo-store-1',
      verifier: { openid: 'demo-operator-1', role: 'operator' as const, community_id: c.wenxin },
      profile: {
        name: '益乐惠民超市',
        kind: 'store',
        description: '益乐新村门口的社区超市：米面粮油、日用百货，小区内送货上门。',
        contact_name: '黄立新',
        contact_phone: '0571-88002345',
        community_id: c.wenxin,
        serves_community_ids: [c.wenxin],
      } satisfies CreateMerchant,
      identity: { real_name: '杭州市西湖区益乐惠民超市', id_kind: 'credit_code' as const, id_number: creditCode('92330106MA27XQ5L3') },
      harvest: { tea: null, fresh: null },
      products: [
        ['YL-RICE-01', '径山大米', 'grain_oil.rice', '袋', 4200, 40, '5 公斤/袋', '大米 新米'],
        ['YL-RICE-02', '东北长粒香米', 'grain_oil.rice', '袋', 6990, 30, '5 公斤/袋', '大米'],
        ['YL-FLO-01', '鸡蛋挂面', 'grain_oil.flour', '袋', 890, 60, '1 公斤/袋', '面条 挂面'],
        ['YL-OIL-01', '压榨菜籽油', 'grain_oil.oil', '桶', 8990, 25, '5 升/桶', '菜籽油 食用油'],
        ['YL-OIL-02', '压榨花生油', 'grain_oil.oil', '瓶', 4590, 30, '1.8 升/瓶', '花生油 食用油'],
        ['YL-SEA-01', '特级生抽', 'grain_oil.seasoning', '瓶', 1290, 50, '500 毫升/瓶', '酱油 生抽'],
        ['YL-TOF-01', '嫩豆腐', 'processed.tofu', '盒', 350, 40, '400 克/盒', '豆腐'],
        ['YL-DAI-01', '洗洁精', 'daily.cleaning', '瓶', 1590, 40, '1.5 公斤/瓶', '洗洁精 清洁'],
        ['YL-DAI-02', '三层抽纸', 'daily.paper', '提', 2490, 35, '10 包/提', '纸巾 抽纸'],
        ['YL-DAI-03', '草本牙膏', 'daily.personal', '个', 1290, 45, '180 克', '牙膏'],
      ] as DemoProduct[],
    },
  ];
}

/** People who own a demo shop and are not among the foundation's demo users. */
export const DEMO_SELLERS = [
  {
    openid: 'demo-farmer-3',
    nickname: '俞桂芳',
    phone: '13905710013',
    address: '径山村里洪组 9 号',
    community: 'jingshan',
    role: 'farmer',
  },
  {
    openid: 'demo-store-1',
    nickname: '黄立新',
    phone: '13605710024',
    address: '益乐路 38 号益乐惠民超市',
    community: 'wenxin',
    role: null,
  },
] as const;

const ALL_FIELDS = new Set<RowField>([
  'name',
  'description',
  'spec',
  'category',
  'unit',
  'price_fen',
  'stock',
  // Not 'images': the seed's photos are attached after the rows (cli/seed-photos.ts) and a second run keeps them.
  'origin_village',
  'harvest_date',
  'keywords',
  'status',
]);

/**
 * The demo's merchants, verified, with their products on sale. Safe to run again: a merchant is found by owner and
 * name, verification is only done once, and products are upserted by SKU through the import's own code (so a
 * second run reports them unchanged). Stock is reset to the demo figures.
 */
export async function seedCatalogDemo(
  catalog: Catalog,
  communities: { wenxin: string; jingshan: string; baisha: string },
  users: Record<string, string>,
): Promise<Record<string, string>> {
  const actorOf = (openid: string, roles: UserActor['roles'] = []): UserActor => ({
    kind: 'user',
    user_id: users[openid] as string,
    roles,
    community_id: null,
    session_id: 'seed',
  });
  const categoryOf = catalog.categories.resolver(await catalog.categories.all());
  const ids: Record<string, string> = {};
  for (const d of demoMerchants(communities)) {
    const owner = actorOf(d.owner);
    let merchant = (await catalog.merchants.listMine(owner)).items.find((m) => m.name === d.profile.name);
    if (!merchant) merchant = await catalog.merchants.create(owner, d.profile);
    if (merchant.verification.status !== 'verified') {
      await catalog.merchants.submitVerification(owner, merchant.id, d.identity);
      const verifier = actorOf(d.verifier.openid, [{ role: d.verifier.role, community_id: d.verifier.community_id }]);
      await catalog.merchants.approve(verifier, merchant.id, '演示数据：已在服务站核验证件');
    }
    const doc = await catalog.merchants.load(merchant.id);
    const rows: CatalogRow[] = d.products.map(([sku, name, category, unit, price_fen, stock, spec, keywords], i) => ({
      row: i + 2,
      sku,
      present: ALL_FIELDS,
      name,
      description: '',
      spec,
      category:
        categoryOf(category) ??
        (() => {
          throw new Error(`demo category ${category}`);
        })(),
      unit,
      price_fen,
      stock,
      images: [],
      origin_village: doc.origin_village,
      harvest_date: ['vegetables', 'fruit', 'meat_eggs'].some((c) => category.startsWith(c)) ? d.harvest.fresh : d.harvest.tea,
      keywords: keywords.split(' ').filter(Boolean),
      status: 'on_sale',
    }));
    const outcomes = await catalog.products.upsertRows(doc, rows);
    const failed = outcomes.find((o) => typeof o !== 'string');
    if (failed) throw new Error(`demo products of ${d.profile.name}: ${JSON.stringify(failed)}`);
    ids[d.owner] = merchant.id;
  }
  return ids;
}
