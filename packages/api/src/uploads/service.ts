import { createHash, randomBytes } from 'node:crypto';
import type { Upload } from '@cc/shared';
import type { Redis } from 'ioredis';
import { RateLimiterRedis, RateLimiterRes } from 'rate-limiter-flexible';
import type { UserActor } from '../platform/actor';
import { newId } from '../platform/ids';
import { AppError, badRequest } from '../platform/problem';
import type { BlobStore } from '../platform/storage';
import { reencode } from './image';
import type { UploadDoc, uploadModels } from './models';

/** What the first bytes of each accepted format are; the declared Content-Type must agree with them. */
function sniff(bytes: Buffer): UploadDoc['content_type'] | null {
  if (bytes.length >= 3 && bytes[0] === 0xff && bytes[1] === 0xd8 && bytes[2] === 0xff) return 'image/jpeg';
  if (bytes.length >= 8 && bytes.subarray(0, 8).equals(Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]))) return 'image/png';
  if (bytes.length >= 12 && bytes.toString('latin1', 0, 4) === 'RIFF' && bytes.toString('latin1', 8, 12) === 'WEBP') return 'image/webp';
  return null;
}

export const fileUrl = (key: string) => `/files/${key}`;

export function toUpload(u: UploadDoc): Upload {
  return { id: u._id, url: fileUrl(u.key), content_type: u.content_type, size_bytes: u.size_bytes, created_at: u.created_at.toISOString() };
}

export function createUploadService(deps: {
  models: ReturnType<typeof uploadModels>;
  store: BlobStore;
  redis: Redis;
  /** Uploads per person per hour: photos are small and few; this keeps a script from filling the disk. */
  perHour: number;
}) {
  const { Upload: UploadModel } = deps.models;
  const limiter = new RateLimiterRedis({ storeClient: deps.redis, keyPrefix: 'rl:uploads', points: deps.perHour, duration: 3600 });

  return {
    async create(actor: UserActor, file: { bytes: Buffer; content_type: string }): Promise<Upload> {
      const sniffed = sniff(file.bytes);
      if (sniffed === null) throw badRequest('upload_not_image', '文件不是 JPEG、PNG 或 WebP 图片');
      if (sniffed !== file.content_type) throw badRequest('upload_type_mismatch', `文件内容是 ${sniffed}，与声明的类型不符`);
      try {
        await limiter.consume(actor.user_id);
      } catch (err) {
        if (err instanceof RateLimiterRes) {
          throw new AppError(429, 'too_many_uploads', '上传太频繁，请稍后再试', {
            headers: { 'Retry-After': String(Math.max(1, Math.ceil(err.msBeforeNext / 1000))) },
          });
        }
        throw err;
      }
      const bytes = await reencode(file.bytes, sniffed);
      const key = randomBytes(16).toString('hex');
      // Bytes first, then the record: a crash in between leaves an unreferenced file, never a record without bytes.
      await deps.store.put(key, bytes);
      const doc: UploadDoc = {
        _id: newId('upl'),
        owner_id: actor.user_id,
        key,
        content_type: sniffed,
        size_bytes: bytes.length,
        sha256: createHash('sha256').update(bytes).digest('hex'),
        created_at: new Date(),
      };
      await UploadModel.create(doc);
      return toUpload(doc);
    },

    /**
     * For other modules attaching photos: every id must be an upload of this person. Answers 400 naming the field,
     * so the caller's request writes nothing. Returns the uploads in the given order.
     */
    async requireOwned(ids: readonly string[], owner_id: string, field: string): Promise<Upload[]> {
      if (ids.length === 0) return [];
      const found = await UploadModel.find({ _id: { $in: [...ids] } }).lean<UploadDoc[]>();
      const byId = new Map(found.map((u) => [u._id, u]));
      const errors = ids
        .map((id, i) => ({ id, i, u: byId.get(id) }))
        .filter(({ u }) => !u || u.owner_id !== owner_id)
        .map(({ i }) => ({ path: `${field}.${i}`, message: '图片不存在或不是您上传的', code: 'upload_unknown' }));
      if (errors.length > 0) throw badRequest('upload_unknown', '图片不存在或不是您上传的', errors);
      return ids.map((id) => toUpload(byId.get(id) as UploadDoc));
    },

    /** Public URLs of uploads (for showing photos attached to a record). Unknown ids are skipped. */
    async urlsOf(ids: readonly string[]): Promise<Map<string, string>> {
      if (ids.length === 0) return new Map();
      const found = await UploadModel.find({ _id: { $in: [...ids] } }, { key: 1 }).lean<Pick<UploadDoc, '_id' | 'key'>[]>();
      return new Map(found.map((u) => [u._id, fileUrl(u.key)]));
    },

    /** The sha256 of each upload's stored bytes (the same photo posted twice has the same one). Unknown ids are skipped. */
    async sha256Of(ids: readonly string[]): Promise<Map<string, string>> {
      if (ids.length === 0) return new Map();
      const found = await UploadModel.find({ _id: { $in: [...ids] } }, { sha256: 1 }).lean<Pick<UploadDoc, '_id' | 'sha256'>[]>();
      return new Map(found.map((u) => [u._id, u.sha256]));
    },

    /** The file behind a URL key, for the file route. */
    async read(key: string): Promise<{ bytes: Buffer; content_type: string; sha256: string } | null> {
      if (!/^[0-9a-f]{32}$/.test(key)) return null;
      const u = await UploadModel.findOne({ key }).lean<UploadDoc>();
      if (!u) return null;
      const bytes = await deps.store.get(key);
      return bytes ? { bytes, content_type: u.content_type, sha256: u.sha256 } : null;
    },
  };
}
export type UploadService = ReturnType<typeof createUploadService>;
