import {
  PRICE_MAX_FEN,
  STOCK_MAX,
  fenToYuanString,
  type Category,
  type Merchant,
  type Product,
  type ProductUnit,
  type RouteInput,
  type routes,
} from '@cc/shared';
import { parseCount, parseYuan } from '../../commerce/lib';
import { type AttachedPhoto } from '../../ui';

export interface Form {
  name: string;
  top: string | null;
  category_id: string | null;
  unit: ProductUnit | null;
  price: string;
  stock: string;
  spec: string;
  description: string;
  origin_village: string;
  harvest_date: string;
  keywords: string;
  images: AttachedPhoto[];
}

export type UpdateBody = NonNullable<RouteInput<typeof routes.updateProduct>['body']>;
export type Checked = { price_fen: number; stock: number; village: string; keywords: string[] };

const EMPTY: Omit<Form, 'origin_village'> = {
  name: '',
  top: null,
  category_id: null,
  unit: null,
  price: '',
  stock: '',
  spec: '',
  description: '',
  harvest_date: '',
  keywords: '',
  images: [],
};

/** The form of a product (or an empty one, with the shop's village, for 发布商品). */
export function formOf(p: Product | null, shop: Merchant, categories: Category[]): Form {
  if (!p) return { ...EMPTY, origin_village: shop.origin_village ?? '' };
  const cat = categories.find((c) => c.id === p.category_id);
  return {
    name: p.name,
    top: cat?.path[0] ?? null,
    category_id: p.category_id,
    unit: p.unit,
    price: fenToYuanString(p.price_fen),
    stock: String(p.stock),
    spec: p.spec,
    description: p.description,
    origin_village: p.origin_village ?? '',
    harvest_date: p.harvest_date ?? '',
    keywords: p.keywords.join(' '),
    images: p.images.map((id, i) => ({ id, url: p.image_urls[i] ?? '' })),
  };
}

/** The form checked here, with Chinese messages by field; `ok` is null when something is wrong. */
export function checkForm(f: Form, editing: boolean): { errors: Record<string, string>; ok: Checked | null } {
  const errors: Record<string, string> = {};
  if (f.name.trim().length < 2) errors.name = '商品名称至少 2 个字';
  if (!f.category_id) errors.category_id = f.top ? '请再选一个小类' : '请选择分类';
  if (!f.unit) errors.unit = '请选择单位';
  const price = parseYuan(f.price, { max: PRICE_MAX_FEN });
  if (typeof price === 'string') errors.price_fen = price;
  const stock = editing ? 0 : parseCount(f.stock, { min: 0, max: STOCK_MAX, label: '库存' });
  if (typeof stock === 'string') errors.stock = stock;
  const village = f.origin_village.trim();
  if (village && village.length < 2) errors.origin_village = '产地至少 2 个字';
  const keywords = f.keywords.split(/[\s,，、]+/).filter(Boolean);
  if (keywords.length > 10) errors.keywords = '关键词最多 10 个';
  if (Object.keys(errors).length || typeof price !== 'number' || typeof stock !== 'number') return { errors, ok: null };
  return { errors, ok: { price_fen: price, stock, village, keywords } };
}

const sameList = (a: string[], b: string[]) => a.length === b.length && a.every((x, i) => x === b[i]);

/** Only what changed, so a save touches nothing else. */
export function changesOf(f: Form, c: Checked, p: Product): UpdateBody {
  const body: UpdateBody = {};
  if (f.name.trim() !== p.name) body.name = f.name.trim();
  if (f.category_id !== p.category_id) body.category_id = f.category_id!;
  if (f.unit !== p.unit) body.unit = f.unit!;
  if (c.price_fen !== p.price_fen) body.price_fen = c.price_fen;
  if (f.spec.trim() !== p.spec) body.spec = f.spec.trim();
  if (f.description.trim() !== p.description) body.description = f.description.trim();
  if ((c.village || null) !== p.origin_village) body.origin_village = c.village || null;
  if ((f.harvest_date || null) !== p.harvest_date) body.harvest_date = f.harvest_date || null;
  if (!sameList(c.keywords, p.keywords)) body.keywords = c.keywords;
  const images = f.images.map((i) => i.id);
  if (!sameList(images, p.images)) body.images = images;
  return body;
}

/** The body of 发布商品 (optional fields only when filled). */
export function createBody(f: Form, c: Checked, status: 'draft' | 'on_sale') {
  return {
    name: f.name.trim(),
    category_id: f.category_id!,
    unit: f.unit!,
    price_fen: c.price_fen,
    stock: c.stock,
    status,
    ...(f.spec.trim() ? { spec: f.spec.trim() } : {}),
    ...(f.description.trim() ? { description: f.description.trim() } : {}),
    ...(c.village ? { origin_village: c.village } : {}),
    ...(f.harvest_date ? { harvest_date: f.harvest_date } : {}),
    ...(c.keywords.length ? { keywords: c.keywords } : {}),
    ...(f.images.length ? { images: f.images.map((i) => i.id) } : {}),
  };
}
