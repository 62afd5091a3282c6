import { z } from 'zod';

/** Prefixed, time-ordered ids (prefix + ULID), e.g. usr_01JD3Q8Z6Y0M2V5K7N9P4R2S1T. */
export const ID_PREFIXES = {
  user: 'usr',
  community: 'cmt',
  station: 'stn',
  kiosk: 'ksk',
  account: 'acc',
  transfer: 'trf',
  card: 'crd',
  topup: 'top',
  refund: 'rfd',
  upload: 'upl',
} as const;

export function idOf(prefix: string) {
  return z
    .string()
    .regex(new RegExp(`^${prefix}_[0-9A-HJKMNP-TV-Z]{26}$`), { message: `应为 ${prefix}_ 开头的编号` })
    .describe(`${prefix}_ id`);
}

export const UserId = idOf(ID_PREFIXES.user);
export const CommunityId = idOf(ID_PREFIXES.community);
export const StationId = idOf(ID_PREFIXES.station);
export const KioskId = idOf(ID_PREFIXES.kiosk);
export const AccountId = idOf(ID_PREFIXES.account);
export const TransferId = idOf(ID_PREFIXES.transfer);
export const CardId = idOf(ID_PREFIXES.card);
export const TopupId = idOf(ID_PREFIXES.topup);
export const RefundId = idOf(ID_PREFIXES.refund);
export const UploadId = idOf(ID_PREFIXES.upload);

/** An amount of money in fen (分): a positive integer with an explicit upper bound. */
export function fen(max_fen: number) {
  return z.number().int().min(1).max(max_fen).describe('amount in fen (分)');
}

export const IsoDateTime = z.iso.datetime({ offset: true }).describe('ISO 8601 time, UTC');

/** Hard bounds shared by every list endpoint. */
export const PAGE_SIZE_MAX = 100;
export const PAGE_SIZE_DEFAULT = 20;

export const PageQuery = {
  limit: z.coerce.number().int().min(1).max(PAGE_SIZE_MAX).default(PAGE_SIZE_DEFAULT),
  cursor: z.string().min(1).max(200).optional(),
};

export function pageOf<T extends z.ZodType>(item: T) {
  return z.object({
    items: z.array(item),
    /** Pass back as `cursor` to get the next page; null on the last page. */
    next_cursor: z.string().nullable(),
  });
}

export const LatLng = z.strictObject({
  lat: z.number().min(-90).max(90),
  lng: z.number().min(-180).max(180),
});

/** One field-level problem of a validation failure. */
export const ProblemFieldError = z.object({
  path: z.string(),
  message: z.string(),
  code: z.string(),
});

/** application/problem+json (RFC 9457) with our stable `code`. */
export const Problem = z.object({
  type: z.string(),
  title: z.string(),
  status: z.number().int(),
  code: z.string(),
  detail: z.string().optional(),
  instance: z.string().optional(),
  request_id: z.string().optional(),
  errors: z.array(ProblemFieldError).optional(),
});
export type Problem = z.infer<typeof Problem>;

/** Plain text bounds: trimmed, no control characters. */
export function text(min: number, max: number) {
  return (
    z
      .string()
      .trim()
      .min(min)
      .max(max)
      // eslint-disable-next-line no-control-regex -- rejecting control characters is the point
      .regex(/^[^\u0000-\u001f\u007f]*$/, { message: '不能包含控制字符' })
  );
}
