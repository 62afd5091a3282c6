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

/**
 * The short number of an order or a call that people read out on the phone (DESIGN §6): the Asia/Shanghai year and
 * month it was placed in, a dash, that month's sequence — 2412-0387. Unique per kind; never an internal id.
 */
export const ReadableNumber = z
  .string()
  .regex(/^\d{4}-\d{4,9}$/, { message: '编号应形如 2412-0387' })
  .describe('readable number, YYMM-sequence');

export const IsoDateTime = z.iso.datetime({ offset: true }).describe('ISO 8601 time, UTC');

/** Hard bounds shared by every list endpoint. */
export const PAGE_SIZE_MAX = 100;
export const PAGE_SIZE_DEFAULT = 20;

export const PageQuery = {
  limit: z.coerce.number().int().min(1).max(PAGE_SIZE_MAX).default(PAGE_SIZE_DEFAULT),
  cursor: z
    .string()
    .min(1)
    .max(200)
    .meta({
      description: '上一页答复的 next_cursor，原样传回（不透明的 base64url 文本）；其他值答 400 invalid_cursor',
      pattern: '^[A-Za-z0-9_-]+$',
    })
    .optional(),
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

// Characters a person cannot see: zero-width space/non-joiner/joiner, direction marks, word joiner and invisible
// operators, soft hyphen, Mongolian vowel separator, Hangul fillers, BOM.
const INVISIBLE = '\\u00ad\\u034f\\u115f\\u1160\\u180e\\u200b-\\u200f\\u2060-\\u2064\\u3164\\ufeff\\uffa0';
// Bidi embeddings/overrides and isolates: they reorder what a reader sees ("\u202egpj.exe" shows as exe.jpg).
const BIDI = '\\u202a-\\u202e\\u2066-\\u2069';
const CONTROL = '\\u0000-\\u001f\\u007f-\\u009f';
const CONTROL_MULTILINE = '\\u0000-\\u0008\\u000b\\u000c\\u000e-\\u001f\\u007f-\\u009f';
const LONE_SURROGATE = /[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/;
const BIDI_RE = new RegExp(`[${BIDI}]`);
const CONTROL_RE = new RegExp(`[${CONTROL}]`);
const CONTROL_MULTILINE_RE = new RegExp(`[${CONTROL_MULTILINE}]`);
// eslint-disable-next-line no-misleading-character-class -- U+034F (a combining mark) is listed on purpose: it is invisible
const INVISIBLE_ONLY_RE = new RegExp(`^[\\s${INVISIBLE}]+$`);

/** Stable codes (field error `code`) of what humanText refuses. */
export const HUMAN_TEXT_CODES = {
  lone_surrogate: 'text_lone_surrogate',
  control: 'text_control_character',
  bidi: 'text_bidi_control',
  invisible: 'text_invisible_only',
} as const;

/**
 * Text a person writes and others read (names, addresses, descriptions, notes, reasons, reviews …): trimmed and
 * NFC-normalised (what is stored and answered is the normalised value); refuses control characters (newline, tab and
 * CR allowed when `multiline`), bidi overrides and isolates, lone surrogates (not representable in UTF-8), and text
 * made only of invisible characters (which would pass a length check). Refusals carry a stable code
 * (HUMAN_TEXT_CODES) in the field error's `code`. The JSON Schema states the same as a pattern.
 */
export function humanText(opts: { min?: number; max: number; label?: string; multiline?: boolean }) {
  const { min = 0, max, label = '', multiline = false } = opts;
  const fail = (code: string, message: string) => ({ code: 'custom' as const, params: { code }, message: `${label}${message}` });
  let s = z
    .string({ error: `${label}应为文字` })
    .trim()
    .normalize('NFC');
  if (min > 0) s = s.min(min, { error: min === 1 ? `请填写${label || '内容'}` : `${label}至少 ${min} 个字` });
  return s
    .max(max, { error: `${label}不能超过 ${max} 个字` })
    .check((ctx) => {
      const v = ctx.value;
      const problem = LONE_SURROGATE.test(v)
        ? fail(HUMAN_TEXT_CODES.lone_surrogate, '含有无法识别的字符')
        : (multiline ? CONTROL_MULTILINE_RE : CONTROL_RE).test(v)
          ? fail(HUMAN_TEXT_CODES.control, '不能包含控制字符')
          : BIDI_RE.test(v)
            ? fail(HUMAN_TEXT_CODES.bidi, '不能包含文字方向控制符（如 U+202E）')
            : INVISIBLE_ONLY_RE.test(v)
              ? fail(HUMAN_TEXT_CODES.invisible, '不能只有看不见的字符')
              : null;
      if (problem) ctx.issues.push({ ...problem, input: v });
    })
    .meta({
      pattern: `^(?![\\s${INVISIBLE}]+$)[^${multiline ? CONTROL_MULTILINE : CONTROL}${BIDI}\\ud800-\\udfff]*$`,
      'x-human-text': { normalized: 'NFC', trimmed: true, multiline },
    });
}
