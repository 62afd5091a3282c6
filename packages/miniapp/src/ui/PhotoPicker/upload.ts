import Taro from '@tarojs/taro';
import { ApiError, routes, UPLOAD_CONTENT_TYPES, UPLOAD_MAX_BYTES_DEFAULT } from '@cc/shared';
import { call } from '../../api';
import { problemWords } from '../errors/words';

export interface AttachedPhoto {
  id: string;
  url: string;
}

const BY_EXTENSION: Record<string, string> = { jpg: 'image/jpeg', jpeg: 'image/jpeg', png: 'image/png', webp: 'image/webp' };
const MAX_MB = Math.round(UPLOAD_MAX_BYTES_DEFAULT / 1024 / 1024);
export const PHOTO_RULES = `JPG / PNG / WebP，每张不超过 ${MAX_MB} MB`;

/** The bytes and type of a picked image: a blob: URL on H5, a temporary file on weapp. */
async function readPicked(file: { path: string; type?: string }): Promise<{ bytes: Uint8Array; content_type: string }> {
  if (process.env.TARO_ENV === 'h5') {
    const blob = await (await fetch(file.path)).blob();
    return { bytes: new Uint8Array(await blob.arrayBuffer()), content_type: blob.type || file.type || '' };
  }
  const data = await new Promise<ArrayBuffer>((resolve, reject) =>
    Taro.getFileSystemManager().readFile({ filePath: file.path, success: (r) => resolve(r.data as ArrayBuffer), fail: reject }),
  );
  const ext = /\.([a-z0-9]+)$/i.exec(file.path)?.[1]?.toLowerCase() ?? '';
  return { bytes: new Uint8Array(data), content_type: BY_EXTENSION[ext] ?? '' };
}

/** Checked here first (the API's default bound) so nobody waits for a refusal. */
async function uploadOne(f: { path: string; type?: string }): Promise<AttachedPhoto> {
  const file = await readPicked(f);
  if (!(UPLOAD_CONTENT_TYPES as readonly string[]).includes(file.content_type)) throw new Error('只能上传 JPG、PNG 或 WebP 格式的照片');
  if (file.bytes.byteLength > UPLOAD_MAX_BYTES_DEFAULT) throw new Error(`照片太大了（最大 ${MAX_MB} MB），请换一张`);
  const up = await call(routes.createUpload, { file });
  return { id: up.id, url: up.url };
}

/** Uploads each picked file in turn; returns what went up and, if one failed, why in words. */
export async function uploadPicked(picked: { path: string; type?: string }[]): Promise<{ added: AttachedPhoto[]; error: string | null }> {
  const added: AttachedPhoto[] = [];
  try {
    for (const f of picked) added.push(await uploadOne(f));
    return { added, error: null };
  } catch (e) {
    const own = e instanceof Error && !(e instanceof ApiError) && /[\u4e00-\u9fa5]/.test(e.message);
    return { added, error: own ? (e as Error).message : problemWords(e) };
  }
}

/** Opens the album or camera; null when the person closed it. */
export async function choosePhotos(count: number): Promise<{ path: string; type?: string }[] | null> {
  try {
    const r = await Taro.chooseImage({ count, sizeType: ['compressed'], sourceType: ['album', 'camera'] });
    return r.tempFiles.map((f) => ({ path: f.path, type: f.type })).slice(0, count);
  } catch {
    return null;
  }
}
