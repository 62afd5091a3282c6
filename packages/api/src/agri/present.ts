import {
  AGRI_CATEGORY_TREE,
  AGRI_CERT_WORDS,
  AGRI_FREQUENCY_WORDS,
  AGRI_POST_STATUS_WORDS,
  type AgriPost,
  type PurchasePost,
  type SupplyPost,
} from '@cc/shared';
import { emptyPoster, toCredit } from './credit';
import type { AgriPostDoc, AgriPosterDoc } from './models';

/** Who looks: the owner and the post's operators see its private part and every certification with its evidence. */
export interface Viewer {
  user_id: string | null;
  /** An operator of the post's community, or an admin. */
  moderates: boolean;
}

export const ANONYMOUS: Viewer = { user_id: null, moderates: false };

function common(p: AgriPostDoc, viewer: Viewer, poster: AgriPosterDoc) {
  const mine = viewer.user_id === p.owner_user_id;
  const insider = mine || viewer.moderates;
  return {
    category: p.category,
    category_name: AGRI_CATEGORY_TREE[p.category].name,
    variety: p.variety,
    variety_key: p.variety_key,
    variety_confirmed: p.variety_confirmed,
    quantity: p.quantity,
    unit: p.unit,
    base_quantity: p.base_quantity,
    base_unit: p.base_unit,
    status: p.status,
    status_words: AGRI_POST_STATUS_WORDS[p.status],
    poster: { display_name: p.poster_name, kind: p.poster_kind, credit: toCredit(poster) },
    mine,
    expires_at: p.expires_at.toISOString(),
    created_at: p.created_at.toISOString(),
    updated_at: p.updated_at.toISOString(),
    private: insider
      ? {
          owner_user_id: p.owner_user_id,
          hold_reasons: p.hold_reasons.map((h) => ({ code: h.code, words: h.words })),
          moderation_note: p.moderation_note,
          reports_open: p.reports_open,
        }
      : null,
  };
}

function supplyView(p: AgriPostDoc, viewer: Viewer, poster: AgriPosterDoc, distance_km: number | null): SupplyPost {
  const insider = viewer.user_id === p.owner_user_id || viewer.moderates;
  const origin = p.origin!;
  return {
    id: p._id,
    kind: 'supply',
    ...common(p, viewer, poster),
    unit_price_fen: p.unit_price_fen,
    price_negotiable: p.unit_price_fen === null,
    base_unit_price_fen: p.base_price_low_fen,
    min_order_quantity: p.min_order_quantity,
    available_from: p.window_from,
    available_to: p.window_to,
    origin: {
      village: origin.village,
      township: origin.township,
      county: origin.county,
      community_id: origin.community_id,
      location: { lat: origin.location.lat, lng: origin.location.lng },
    },
    photo_upload_ids: p.photo_upload_ids,
    // Others see a certification only after an operator checked its evidence (issue 14 item 1).
    certifications: p.certifications
      .filter((c) => insider || c.status === 'confirmed')
      .map((c) => ({
        kind: c.kind,
        words: AGRI_CERT_WORDS[c.kind],
        status: c.status,
        evidence_upload_id: insider ? c.evidence_upload_id : null,
      })),
    description: p.description,
    distance_km,
  };
}

function purchaseView(p: AgriPostDoc, viewer: Viewer, poster: AgriPosterDoc, distance_km: number | null): PurchasePost {
  const delivery = p.delivery!;
  return {
    id: p._id,
    kind: 'purchase',
    ...common(p, viewer, poster),
    unit_price_min_fen: p.unit_price_min_fen,
    unit_price_max_fen: p.unit_price_max_fen,
    delivery: {
      place: delivery.place,
      community_id: delivery.community_id,
      location: { lat: delivery.location.lat, lng: delivery.location.lng },
    },
    needed_from: p.window_from,
    needed_to: p.window_to,
    frequency: p.frequency!,
    frequency_words: AGRI_FREQUENCY_WORDS[p.frequency!],
    notes: p.notes ?? '',
    community_demand: p.community_demand ? { ...p.community_demand, words: '社区需求' } : null,
    distance_km,
  };
}

/** The view of a post for this viewer; `distance_km` when the caller searched near a point. */
export function toPostView(p: AgriPostDoc, viewer: Viewer, poster?: AgriPosterDoc, distance_km: number | null = null): AgriPost {
  const record = poster ?? emptyPoster(p.owner_user_id);
  return p.kind === 'supply' ? supplyView(p, viewer, record, distance_km) : purchaseView(p, viewer, record, distance_km);
}
