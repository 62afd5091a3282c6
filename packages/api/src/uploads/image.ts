import sharp, { type Sharp } from 'sharp';
import { badRequest } from '../platform/problem';
import type { UploadDoc } from './models';

/** The longest side a stored photo keeps: enough for a product page or a repair photo on a phone. */
export const MAX_SIDE_PX = 2048;
/** Bigger inputs are refused before decoding (a decompression bomb is small on the wire). */
const MAX_INPUT_PIXELS = 50_000_000;

/**
 * Decodes an uploaded image and encodes it anew in the same format, bounded in size: what does not decode as the
 * declared format is refused, and nothing of the original file survives but its pixels — no EXIF (a farmer's GPS
 * position), no comments, no trailing bytes (a script hidden behind a JPEG header).
 */
export async function reencode(bytes: Buffer, format: UploadDoc['content_type']): Promise<Buffer> {
  const notImage = () => badRequest('upload_not_image', '文件不是可以打开的 JPEG、PNG 或 WebP 图片');
  let image: Sharp;
  try {
    image = sharp(bytes, { failOn: 'error', limitInputPixels: MAX_INPUT_PIXELS });
    const meta = await image.metadata();
    if (`image/${meta.format}` !== format) throw notImage();
    // Turn by the EXIF orientation before it is dropped, so the photo still stands the right way up.
    image = image.rotate().resize({ width: MAX_SIDE_PX, height: MAX_SIDE_PX, fit: 'inside', withoutEnlargement: true });
    if (format === 'image/jpeg') return await image.jpeg({ quality: 85, mozjpeg: true }).toBuffer();
    if (format === 'image/png') return await image.png({ compressionLevel: 9 }).toBuffer();
    return await image.webp({ quality: 85 }).toBuffer();
  } catch (err) {
    if ((err as { code?: string }).code === 'upload_not_image') throw err;
    throw notImage();
  }
}
