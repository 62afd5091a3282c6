/**
 * The URLs of a post's photos and certification evidence (uploads' file URLs, looked up through its service), added to
 * the view of a single post: the poster edits with thumbnails, the operator checks the evidence photo. Lists skip it
 * (one lookup per page would be needed; they show no photos today).
 */
import type { AgriPost } from '@cc/shared';
import type { AgriCtx } from './context';

export async function withPhotoUrls<P extends AgriPost>(C: AgriCtx, post: P): Promise<P> {
  if (post.kind !== 'supply') return post;
  const evidence = post.certifications.map((c) => c.evidence_upload_id).filter((id): id is string => !!id);
  const urls = await C.deps.uploads.urlsOf([...post.photo_upload_ids, ...evidence]);
  return {
    ...post,
    // An upload that is gone has no URL; it is left out rather than shown broken.
    photos: post.photo_upload_ids.flatMap((id) => (urls.has(id) ? [{ id, url: urls.get(id)! }] : [])),
    certifications: post.certifications.map((c) => ({
      ...c,
      evidence_url: c.evidence_upload_id ? (urls.get(c.evidence_upload_id) ?? null) : null,
    })),
  };
}
