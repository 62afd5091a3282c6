import { z } from 'zod';
import { IsoDateTime, UploadId } from './common';
import { defineRoute } from './route';

/** Photos only (call photos, product images, review photos): what a phone camera produces. */
export const UPLOAD_CONTENT_TYPES = ['image/jpeg', 'image/png', 'image/webp'] as const;

/** The largest photo POST /api/v1/uploads takes by default (the API's UPLOAD_MAX_BYTES); pickers check it first. */
export const UPLOAD_MAX_BYTES_DEFAULT = 2 * 1024 * 1024;

export const Upload = z.object({
  id: UploadId,
  /** Path of the file on the API host (prefix it with the API's base URL); unguessable, so it can be shown in an <img>. */
  url: z.string(),
  content_type: z.enum(UPLOAD_CONTENT_TYPES),
  size_bytes: z.number().int(),
  created_at: IsoDateTime,
});
export type Upload = z.infer<typeof Upload>;

/** A list of photos attached to something (a call, a product, a review). */
export const PhotoIds = (max: number) => z.array(UploadId).max(max);

export const uploadRoutes = {
  createUpload: defineRoute({
    id: 'createUpload',
    errors: { 400: ['upload_not_image', 'upload_type_mismatch'], 429: ['too_many_uploads'] },
    method: 'POST',
    path: '/api/v1/uploads',
    summary: '上传一张图片（请求体为图片原始字节，Content-Type 为 image/jpeg、image/png 或 image/webp）',
    tag: '文件',
    access: { kind: 'user', roles: 'any' },
    upload: { contentTypes: UPLOAD_CONTENT_TYPES },
    response: Upload,
    status: 201,
  }),
};
