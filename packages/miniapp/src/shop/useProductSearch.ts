import { useEffect, useState } from 'react';
import { routes, type Category, type Product, type ProductSort } from '@cc/shared';
import { call } from '../api';
import { usePaged } from '../commerce/lib';

const PAGE_SIZE = 20;

/** The top categories in their shop order (the search's category choice). */
export async function topCategories(): Promise<Category[]> {
  const cats = await call(routes.listCategories, {});
  return cats.items.filter((c) => c.parent_id === null).sort((a, b) => a.order - b.order);
}

/**
 * A product search in one community (商品列表, and 为家人下单 in the elder's community): the words (typed, then
 * searched), the category, the order, and the cursor pages of what is found. Nothing is asked until the community
 * is known; a new search, category or order starts again from the first page.
 */
export function useProductSearch(community: string | null, initial: { q?: string; category_id?: string; inStockOnly?: boolean } = {}) {
  const [q, setQ] = useState(initial.q ?? '');
  const [typed, setTyped] = useState(q);
  const [category, setCategory] = useState<string>(initial.category_id ?? '');
  const [sort, setSort] = useState<ProductSort>('newest');
  const { state, reload, more } = usePaged<Product>();
  const inStockOnly = initial.inStockOnly ?? false;

  useEffect(() => {
    if (!community) return;
    void reload((cursor) =>
      call(routes.searchProducts, {
        query: {
          community_id: community,
          limit: PAGE_SIZE,
          sort,
          ...(q ? { q } : {}),
          ...(category ? { category_id: category } : {}),
          ...(inStockOnly ? { in_stock: 'true' as const } : {}),
          ...(cursor ? { cursor } : {}),
        },
      }),
    );
  }, [community, q, category, sort, inStockOnly, reload]);

  /** Back to every product: no words, no category. */
  function showAll() {
    setQ('');
    setTyped('');
    setCategory('');
  }

  return { q, setQ, typed, setTyped, category, setCategory, sort, setSort, state, reload, more, showAll };
}
export type ProductSearch = ReturnType<typeof useProductSearch>;
