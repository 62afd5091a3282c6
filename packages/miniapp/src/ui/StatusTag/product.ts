import type { ProductStatus, StatusWord } from '@cc/shared';

/**
 * A product's state in words. Products are not one of the shared lifecycles (no one but the seller and the station
 * sees them), so their words live here, once, with the same shape and tones as '@cc/shared' STATUS_WORDS.
 */
export const PRODUCT_STATUS_WORDS: Record<ProductStatus, StatusWord> = {
  draft: { word: '草稿', tone: 'neutral' },
  on_sale: { word: '在售', tone: 'success' },
  off_sale: { word: '已下架', tone: 'neutral' },
  hidden_by_operator: { word: '被隐藏', tone: 'danger' },
};

export const PRODUCT_STATUS_NAMES = Object.fromEntries(Object.entries(PRODUCT_STATUS_WORDS).map(([k, w]) => [k, w.word])) as Record<
  ProductStatus,
  string
>;
