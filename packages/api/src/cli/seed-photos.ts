import { access, readFile } from 'node:fs/promises';
import type { Catalog } from '../catalog/index';
import type { UserActor } from '../platform/actor';
import type { UploadService } from '../uploads/service';

/** The committed demo photos, one JPEG per demo SKU (drawn by seed-photos-draw.ts). */
export const SEED_PHOTO_DIR = new URL('../../seed-photos/', import.meta.url);

/** A demo product's photo file, or null when none was drawn for that SKU. */
async function photoOf(sku: string): Promise<Buffer | null> {
  const file = new URL(`${sku}.jpg`, SEED_PHOTO_DIR);
  try {
    await access(file);
  } catch {
    return null;
  }
  return readFile(file);
}

/**
 * Gives every demo product without photos its committed photo, uploaded as its seller through the uploads module
 * (the same checks and re-encoding as a photo from a phone). A product that already has photos is left alone, so a
 * second run uploads nothing. Returns how many photos were uploaded.
 */
export async function seedProductPhotos(
  catalog: Catalog,
  uploads: UploadService,
  merchants: Record<string, string>,
  users: Record<string, string>,
): Promise<number> {
  let uploaded = 0;
  for (const [openid, merchant_id] of Object.entries(merchants)) {
    const actor: UserActor = { kind: 'user', user_id: users[openid] as string, roles: [], community_id: null, session_id: 'seed' };
    const { items } = await catalog.products.listMerchant(actor, merchant_id, { limit: 100 });
    for (const p of items) {
      if (p.images.length > 0) continue;
      const bytes = await photoOf(p.sku);
      if (!bytes) continue;
      const upload = await uploads.create(actor, { bytes, content_type: 'image/jpeg' });
      await catalog.products.update(actor, p.id, { images: [upload.id] });
      uploaded++;
    }
  }
  return uploaded;
}
