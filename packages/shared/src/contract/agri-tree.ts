/**
 * The agricultural category tree (issue 14 item 1): categories, their known varieties and the units that fit each
 * category, with each unit's conversion to a base unit (斤 for weights) so quantities and prices of different units
 * compare (price information, matching). Re-exported by contract/agri.ts.
 */
import { z } from 'zod';

/** Every unit a post may use, with its base unit and how many base units one of it is. */
export const AGRI_UNIT_SPECS = {
  斤: { base: '斤', per_unit: 1, price_max_fen: 500_000 },
  公斤: { base: '斤', per_unit: 2, price_max_fen: 1_000_000 },
  吨: { base: '斤', per_unit: 2000, price_max_fen: 1_000_000_000 },
  克: { base: '斤', per_unit: 0.002, price_max_fen: 10_000 },
  头: { base: '头', per_unit: 1, price_max_fen: 10_000_000 },
  只: { base: '只', per_unit: 1, price_max_fen: 1_000_000 },
  条: { base: '条', per_unit: 1, price_max_fen: 1_000_000 },
  个: { base: '个', per_unit: 1, price_max_fen: 100_000 },
  株: { base: '株', per_unit: 1, price_max_fen: 10_000_000 },
  盆: { base: '盆', per_unit: 1, price_max_fen: 1_000_000 },
  平方米: { base: '平方米', per_unit: 1, price_max_fen: 100_000 },
  箱: { base: '箱', per_unit: 1, price_max_fen: 1_000_000 },
  袋: { base: '袋', per_unit: 1, price_max_fen: 1_000_000 },
  盒: { base: '盒', per_unit: 1, price_max_fen: 1_000_000 },
  捆: { base: '捆', per_unit: 1, price_max_fen: 100_000 },
  瓶: { base: '瓶', per_unit: 1, price_max_fen: 1_000_000 },
  桶: { base: '桶', per_unit: 1, price_max_fen: 1_000_000 },
  台: { base: '台', per_unit: 1, price_max_fen: 100_000_000 },
  件: { base: '件', per_unit: 1, price_max_fen: 10_000_000 },
} as const;
export type AgriUnit = keyof typeof AGRI_UNIT_SPECS;
export const AGRI_UNITS = Object.keys(AGRI_UNIT_SPECS) as [AgriUnit, ...AgriUnit[]];
export const AgriUnit = z.enum(AGRI_UNITS, { error: `单位应为以下之一：${AGRI_UNITS.join('、')}` });

/** Category key → Chinese name, known varieties and the units that fit it (the first is the usual one). */
export const AGRI_CATEGORY_TREE = {
  fruit: {
    name: '水果',
    units: ['斤', '公斤', '吨', '箱', '个'],
    varieties: ['苹果', '梨', '桃', '葡萄', '柑橘', '橙子', '猕猴桃', '草莓', '西瓜', '杨梅', '枇杷', '柿子', '蓝莓', '樱桃', '香梨'],
  },
  vegetable: {
    name: '蔬菜',
    units: ['斤', '公斤', '吨', '箱', '捆', '个'],
    varieties: [
      '青菜',
      '大白菜',
      '菠菜',
      '芹菜',
      '萝卜',
      '土豆',
      '番茄',
      '黄瓜',
      '茄子',
      '辣椒',
      '豆角',
      '南瓜',
      '冬瓜',
      '春笋',
      '冬笋',
      '莴笋',
      '生菜',
      '韭菜',
      '大葱',
      '大蒜',
      '生姜',
      '香菇',
    ],
  },
  livestock_aquatic: {
    name: '畜禽水产',
    units: ['斤', '公斤', '吨', '头', '只', '条', '个', '箱'],
    varieties: ['生猪', '黄牛', '山羊', '土鸡', '鸭', '鹅', '土鸡蛋', '鸭蛋', '草鱼', '鲫鱼', '鲈鱼', '河虾', '螃蟹'],
  },
  grain_oil: {
    name: '粮油米面',
    units: ['斤', '公斤', '吨', '袋', '桶'],
    varieties: ['大米', '稻谷', '小麦', '面粉', '玉米', '大豆', '红薯', '菜籽油', '花生', '芝麻'],
  },
  processed: {
    name: '农副加工',
    units: ['斤', '公斤', '吨', '箱', '袋', '盒', '瓶'],
    varieties: ['高山茶叶', '龙井茶', '径山茶', '红茶', '白茶', '笋干', '茶油', '蜂蜜', '梅干菜', '豆腐干', '年糕', '红糖'],
  },
  nursery: {
    name: '苗木花草',
    units: ['株', '盆', '平方米'],
    varieties: ['桂花树', '香樟', '红枫', '樱花树', '月季', '兰花', '绿萝', '草坪'],
  },
  seeds: {
    name: '种子种苗',
    units: ['斤', '公斤', '克', '袋', '株', '只', '条'],
    varieties: ['水稻种子', '玉米种子', '蔬菜种子', '茶苗', '果树苗', '鸡苗', '鸭苗', '鱼苗'],
  },
  agri_inputs: {
    name: '农资农机',
    units: ['斤', '公斤', '吨', '袋', '瓶', '桶', '台', '件'],
    varieties: ['有机肥', '复合肥', '农膜', '喷雾器', '微耕机', '旋耕机', '收割机', '拖拉机'],
  },
  herbs: {
    name: '中药材',
    units: ['斤', '公斤', '吨', '克'],
    varieties: ['白术', '杭白菊', '铁皮石斛', '浙贝母', '元胡', '玄参', '金银花', '黄精', '山茱萸'],
  },
} as const satisfies Record<string, { name: string; units: readonly AgriUnit[]; varieties: readonly string[] }>;

export type AgriCategory = keyof typeof AGRI_CATEGORY_TREE;
export const AGRI_CATEGORIES = Object.keys(AGRI_CATEGORY_TREE) as [AgriCategory, ...AgriCategory[]];
export const AgriCategory = z.enum(AGRI_CATEGORIES, {
  error: `品类应为以下之一：${AGRI_CATEGORIES.map((c) => `${c}（${AGRI_CATEGORY_TREE[c].name}）`).join('、')}`,
});

/** Whether a unit fits a category (吨 of 苗木 or 株 of 青菜 does not). */
export function unitFitsCategory(category: AgriCategory, unit: AgriUnit): boolean {
  return (AGRI_CATEGORY_TREE[category].units as readonly string[]).includes(unit);
}

/** A quantity in its base unit: 2 吨 → 4000 斤; 3 箱 → 3 箱 (a box has no fixed weight). */
export function toBaseQuantity(quantity: number, unit: AgriUnit): number {
  return quantity * AGRI_UNIT_SPECS[unit].per_unit;
}

/** A price per unit as a price per base unit, in fen (may be fractional: ¥1 per 公斤 is 50 fen per 斤). */
export function toBaseUnitPriceFen(unit_price_fen: number, unit: AgriUnit): number {
  return unit_price_fen / AGRI_UNIT_SPECS[unit].per_unit;
}

/**
 * The key a variety is stored, matched and searched by: NFKC (full-width folded), lower case, white space and
 * punctuation removed. 「高山 茶叶」 and 「高山茶叶」 are one variety.
 */
export function varietyKey(name: string): string {
  return name
    .normalize('NFKC')
    .toLowerCase()
    .replace(/[\s\p{P}\p{S}]+/gu, '');
}

/** Whether a variety is on the known list of its category (otherwise it waits for an operator's confirmation). */
export function isKnownVariety(category: AgriCategory, name: string): boolean {
  const key = varietyKey(name);
  return (AGRI_CATEGORY_TREE[category].varieties as readonly string[]).some((v) => varietyKey(v) === key);
}
