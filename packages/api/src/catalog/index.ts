import type { Connection } from 'mongoose';
import type { JobRunner } from '../platform/jobs';
import { createCategoryService } from './categories';
import { createImportService } from './imports';
import { createMerchantService } from './merchants';
import { catalogModels } from './models';
import { createProductService } from './products';

export interface CatalogDeps {
  conn: Connection;
  /** The platform's job runner: each import is a one-off job on the `catalog-import` queue. */
  jobs: JobRunner;
  /** Identity, through its service only. */
  communityExists(community_id: string): Promise<boolean>;
  /** The wallet ledger, through its service: the merchant's account (kind merchant, owner = merchant id). */
  openMerchantAccount(merchant_id: string, label: string): Promise<string>;
  /** Uploads, through its service. */
  uploads: {
    requireOwned(ids: readonly string[], owner_id: string, field: string): Promise<unknown>;
    urlsOf(ids: readonly string[]): Promise<Map<string, string>>;
  };
}

/**
 * The catalog module: merchants (farmers, co-ops, community stores) and their verification, the category tree,
 * products with search and stock, and catalog imports. Merchants live here rather than in a module of their own
 * because nothing but the catalog owns them; orders, delivery and stats refer to them by id through this service.
 */
export function createCatalog(deps: CatalogDeps) {
  const models = catalogModels(deps.conn);
  const requireImages = async (ids: readonly string[], owner_id: string, field: string) => {
    await deps.uploads.requireOwned(ids, owner_id, field);
  };
  const categories = createCategoryService(models);
  const merchants = createMerchantService({
    models,
    communityExists: deps.communityExists,
    openAccount: deps.openMerchantAccount,
    requireImages,
  });
  const products = createProductService({ models, categories, merchants, requireImages, imageUrls: (ids) => deps.uploads.urlsOf(ids) });
  // Rows are applied in batches; two imports at once per instance is plenty for a farmer's spreadsheet.
  const queue = deps.jobs.delayed<{ import_id: string }>('catalog-import', ({ import_id }) => imports.run(import_id), {
    concurrency: 2,
    attempts: 3,
  });
  const imports = createImportService({ models, merchants, categories, products, requireImages, queue: () => queue });
  return { models, categories, merchants, products, imports };
}
export type Catalog = ReturnType<typeof createCatalog>;
