import type Router from '@koa/router';
import type { Redis } from 'ioredis';
import type { Connection } from 'mongoose';
import type { BlobStore } from '../platform/storage';
import { uploadModels } from './models';
import { createUploadService } from './service';

/** The uploads module: photos for calls, products and reviews, kept in a blob store with metadata in the database. */
export function createUploads(deps: { conn: Connection; redis: Redis; store: BlobStore; perHour: number }) {
  const service = createUploadService({ models: uploadModels(deps.conn), store: deps.store, redis: deps.redis, perHour: deps.perHour });
  return { service };
}
export type Uploads = ReturnType<typeof createUploads>;

/**
 * GET /files/:key — the bytes, outside /api/v1 because it is not JSON. Keys are 128-bit random, so a URL is a
 * capability like a WeChat image URL; content never changes for a key, so it is cached for a year.
 */
export function mountFiles(router: Router, uploads: Uploads): void {
  router.get('/files/:key', async (ctx) => {
    const file = await uploads.service.read(String(ctx.params.key));
    if (!file) {
      ctx.status = 404;
      ctx.type = 'application/problem+json';
      ctx.body = { type: 'about:blank', title: '文件不存在', status: 404, code: 'file_not_found' };
      return;
    }
    ctx.set('Cache-Control', 'public, max-age=31536000, immutable');
    ctx.set('ETag', `"${file.sha256}"`);
    ctx.set('X-Content-Type-Options', 'nosniff');
    ctx.type = file.content_type;
    ctx.body = file.bytes;
  });
}
