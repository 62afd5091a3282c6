import { catalogRoutes } from '@cc/shared';
import type { Handlers } from '../platform/http';
import { fileNameOf } from './imports';
import type { Catalog } from './index';

/** Thin: parse (mountRoutes), one service call, return. */
export function catalogHandlers(catalog: Catalog): Handlers<typeof catalogRoutes> {
  const { merchants, products, categories, imports } = catalog;
  return {
    createMerchant: ({ actor, body }) => merchants.create(actor, body),
    listMyMerchants: ({ actor }) => merchants.listMine(actor),
    getMerchant: ({ params }) => merchants.getPublic(params.merchant_id),
    updateMerchant: ({ actor, params, body }) => merchants.update(actor, params.merchant_id, body),
    submitMerchantVerification: ({ actor, params, body }) => merchants.submitVerification(actor, params.merchant_id, body),
    approveMerchant: ({ actor, params, body }) => merchants.approve(actor, params.merchant_id, body?.note ?? null),
    rejectMerchant: ({ actor, params, body }) => merchants.reject(actor, params.merchant_id, body.reason),
    listCommunityMerchants: ({ actor, params, query }) => merchants.listCommunity(actor, params.community_id, query),
    getStorefront: ({ params, query }) => products.storefront(params.merchant_id, query),
    listCategories: () => categories.list(),
    searchProducts: ({ query }) => products.search(query),
    getProduct: ({ params }) => products.getPublic(params.product_id),
    getMyProduct: ({ actor, params }) => products.getOwn(actor, params.product_id),
    createProduct: ({ actor, params, body }) => products.create(actor, params.merchant_id, body),
    listMerchantProducts: ({ actor, params, query }) => products.listMerchant(actor, params.merchant_id, query),
    updateProduct: ({ actor, params, body }) => products.update(actor, params.product_id, body),
    adjustProductStock: ({ actor, params, body }) => products.adjustStock(actor, params.product_id, body.delta),
    setProductStatus: ({ actor, params, body }) => products.setStatus(actor, params.product_id, body.status),
    hideProduct: ({ actor, params, body }) => products.hide(actor, params.product_id, body.reason),
    unhideProduct: ({ actor, params }) => products.unhide(actor, params.product_id),
    listHiddenProducts: ({ actor, params, query }) => products.listHidden(actor, params.community_id, query),
    // The file's name from Content-Disposition, or the contract's ?file_name= (what the typed clients can send).
    importCatalog: ({ actor, params, query, upload, headers }) =>
      imports.start(actor, params.merchant_id, upload!, fileNameOf(headers['content-disposition']) ?? query.file_name ?? null),
    listCatalogImports: ({ actor, params, query }) => imports.list(actor, params.merchant_id, query),
    getCatalogImport: ({ actor, params }) => imports.get(actor, params.import_id),
  };
}
