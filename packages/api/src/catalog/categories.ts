import type { Category } from '@cc/shared';
import { newId } from '../platform/ids';
import { notFound } from '../platform/problem';
import type { CatalogModels, CategoryDoc } from './models';
import { normalise } from './text';

type Node = { code: string; name: string; children?: Node[] };

/** What residents buy from community stores and nearby farms: two levels, stable codes. */
export const DEFAULT_CATEGORIES: Node[] = [
  {
    code: 'vegetables',
    name: '蔬菜',
    children: [
      { code: 'vegetables.leafy', name: '叶菜类' },
      { code: 'vegetables.root', name: '根茎类' },
      { code: 'vegetables.fruiting', name: '瓜果茄类' },
      { code: 'vegetables.mushroom', name: '菌菇类' },
      { code: 'vegetables.beans', name: '豆类' },
      { code: 'vegetables.bamboo', name: '竹笋' },
      { code: 'vegetables.wild', name: '山野菜' },
    ],
  },
  {
    code: 'fruit',
    name: '水果',
    children: [
      { code: 'fruit.citrus', name: '柑橘橙柚' },
      { code: 'fruit.pome', name: '苹果梨' },
      { code: 'fruit.stone', name: '桃李杏梅' },
      { code: 'fruit.berry', name: '莓果葡萄' },
      { code: 'fruit.melon', name: '西瓜甜瓜' },
      { code: 'fruit.seasonal', name: '时令鲜果' },
    ],
  },
  {
    code: 'grain_oil',
    name: '粮油',
    children: [
      { code: 'grain_oil.rice', name: '大米' },
      { code: 'grain_oil.flour', name: '面粉面条' },
      { code: 'grain_oil.coarse', name: '杂粮豆类' },
      { code: 'grain_oil.oil', name: '食用油' },
      { code: 'grain_oil.seasoning', name: '调味品' },
    ],
  },
  {
    code: 'meat_eggs',
    name: '禽蛋肉',
    children: [
      { code: 'meat_eggs.eggs', name: '禽蛋' },
      { code: 'meat_eggs.poultry', name: '鸡鸭鹅' },
      { code: 'meat_eggs.pork', name: '猪肉' },
      { code: 'meat_eggs.beef_mutton', name: '牛羊肉' },
    ],
  },
  {
    code: 'aquatic',
    name: '水产',
    children: [
      { code: 'aquatic.fish', name: '鱼类' },
      { code: 'aquatic.shrimp_crab', name: '虾蟹贝类' },
      { code: 'aquatic.dried', name: '水产干货' },
    ],
  },
  {
    code: 'processed',
    name: '农副加工',
    children: [
      { code: 'processed.tea', name: '茶叶' },
      { code: 'processed.dried', name: '干货' },
      { code: 'processed.pickled', name: '腌制酱菜' },
      { code: 'processed.honey', name: '蜂蜜' },
      { code: 'processed.tofu', name: '豆制品' },
      { code: 'processed.snacks', name: '糕点小吃' },
    ],
  },
  {
    code: 'daily',
    name: '日用百货',
    children: [
      { code: 'daily.cleaning', name: '清洁用品' },
      { code: 'daily.personal', name: '个人护理' },
      { code: 'daily.paper', name: '纸品' },
      { code: 'daily.kitchen', name: '厨房用品' },
      { code: 'daily.drinks', name: '饮料饮用水' },
    ],
  },
];

export function toCategory(c: CategoryDoc): Category {
  return { id: c._id, code: c.code, name: c.name, parent_id: c.parent_id ?? null, path: c.path, order: c.order };
}

/**
 * The category tree. Stored with `cat_` ids (products refer to them) and created on first use from
 * DEFAULT_CATEGORIES, upserted by code, so every instance and every run agree on the same ids.
 */
export function createCategoryService(models: CatalogModels) {
  const { Category: CategoryModel } = models;
  let ensured: Promise<void> | undefined;

  async function upsert(node: Node, parent: CategoryDoc | null, order: number): Promise<void> {
    let doc: CategoryDoc | null = null;
    for (let attempt = 0; attempt < 2 && !doc; attempt++) {
      try {
        const _id = newId('cat');
        doc = await CategoryModel.findOneAndUpdate(
          { code: node.code },
          {
            $set: { name: node.name, parent_id: parent?._id ?? null, order },
            $setOnInsert: { _id, path: [...(parent?.path ?? []), _id] },
          },
          { upsert: true, new: true },
        ).lean<CategoryDoc>();
      } catch (err) {
        // Two instances creating the tree at once: the loser reads the winner's document on the next pass.
        if ((err as { code?: number }).code !== 11000) throw err;
      }
    }
    if (!doc) throw new Error(`category ${node.code} could not be stored`);
    for (const [i, child] of (node.children ?? []).entries()) await upsert(child, doc, i + 1);
  }

  async function ensureDefaults(): Promise<void> {
    ensured ??= (async () => {
      for (const [i, root] of DEFAULT_CATEGORIES.entries()) await upsert(root, null, i + 1);
    })().catch((err: unknown) => {
      ensured = undefined;
      throw err;
    });
    return ensured;
  }

  async function all(): Promise<CategoryDoc[]> {
    await ensureDefaults();
    const docs = await CategoryModel.find({}).lean<CategoryDoc[]>();
    // Roots in order, each followed by its children in order.
    const roots = docs.filter((d) => !d.parent_id).sort((a, b) => a.order - b.order);
    return roots.flatMap((r) => [r, ...docs.filter((d) => d.parent_id === r._id).sort((a, b) => a.order - b.order)]);
  }

  return {
    ensureDefaults,
    all,

    async list() {
      return { items: (await all()).map(toCategory) };
    },

    async require(category_id: string): Promise<CategoryDoc> {
      await ensureDefaults();
      const c = await CategoryModel.findById(category_id).lean<CategoryDoc>();
      if (!c) throw notFound('category_not_found', '没有这个商品分类');
      return c;
    },

    /** Names of a category and its ancestors, for the search text and the product's category_name. */
    async namesOf(path: string[]): Promise<string[]> {
      const docs = await CategoryModel.find({ _id: { $in: path } }).lean<CategoryDoc[]>();
      const byId = new Map(docs.map((d) => [d._id, d.name]));
      return path.map((id) => byId.get(id) ?? '');
    },

    /**
     * How an import names a category: its code (vegetables.leafy), its path (蔬菜/叶菜类, 蔬菜>叶菜类) or a name that
     * only one category has (叶菜类). null when nothing or more than one matches.
     */
    resolver(categories: CategoryDoc[]) {
      const byId = new Map(categories.map((c) => [c._id, c]));
      const keys = new Map<string, CategoryDoc[]>();
      const add = (key: string, c: CategoryDoc) => {
        const list = keys.get(key) ?? [];
        if (!list.includes(c)) keys.set(key, [...list, c]);
      };
      for (const c of categories) {
        add(normalise(c.code), c);
        add(normalise(c.name), c);
        add(normalise(c.path.map((id) => byId.get(id)?.name ?? '').join('/')), c);
      }
      return (text: string): CategoryDoc | null => {
        const key = normalise(text.replace(/\s*[>＞/／\\|]\s*/g, '/'));
        const found = keys.get(key) ?? [];
        return found.length === 1 ? (found[0] as CategoryDoc) : null;
      };
    },
  };
}
export type CategoryService = ReturnType<typeof createCategoryService>;
