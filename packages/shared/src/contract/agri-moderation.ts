/**
 * Trust and moderation of agricultural posts (issue 14 item 7): reports, the operators' actions and queue, variety
 * confirmations and certification checks.
 */
import { z } from 'zod';
import { IsoDateTime, PageQuery, humanText } from './common';
import { AgriCategory } from './agri-tree';
import { AgriCertKind, AgriCredit, AgriPost, AgriPostId, AgriReportId } from './agri';

// ---------- trust and moderation ----------

export const AGRI_REPORT_REASONS = ['fake', 'wrong_price', 'prohibited', 'spam', 'other'] as const;
export const AgriReportReason = z.enum(AGRI_REPORT_REASONS);
export const ReportAgriPostBody = z.strictObject({
  reason: AgriReportReason,
  note: humanText({ max: 200, label: '说明' }).optional(),
});
export type ReportAgriPostBody = z.infer<typeof ReportAgriPostBody>;

const Variety = humanText({ min: 1, max: 20, label: '品种' });
const ModReason = humanText({ min: 2, max: 200, label: '原因' });
export const AGRI_MODERATION_ACTIONS = ['hide', 'restore', 'warn'] as const;
export const ModerateAgriPostBody = z.strictObject({
  action: z.enum(AGRI_MODERATION_ACTIONS),
  reason: ModReason,
  /** When hiding a reported post: whether the reports are upheld (counts against the poster's credit). */
  uphold_reports: z.boolean().default(false),
});
export type ModerateAgriPostBody = z.infer<typeof ModerateAgriPostBody>;
export const BanAgriPosterBody = z.strictObject({
  days: z.number().int().min(1).max(365),
  reason: ModReason,
});
export type BanAgriPosterBody = z.infer<typeof BanAgriPosterBody>;
export const ConfirmVarietyBody = z.strictObject({
  category: AgriCategory,
  variety: Variety,
  /** false: not a real variety; its posts stay unconfirmed (operators may hide them). */
  accept: z.boolean(),
});
export type ConfirmVarietyBody = z.infer<typeof ConfirmVarietyBody>;
export const CheckCertificationBody = z.strictObject({
  kind: AgriCertKind,
  decision: z.enum(['confirmed', 'rejected']),
  reason: ModReason.optional(),
});
export type CheckCertificationBody = z.infer<typeof CheckCertificationBody>;

export const AgriReport = z.object({
  id: AgriReportId,
  post_id: AgriPostId,
  reason: AgriReportReason,
  note: z.string().nullable(),
  status: z.enum(['open', 'upheld', 'dismissed']),
  created_at: IsoDateTime,
});

/** One row of the operator's moderation queue: a held or reported post, with its reports. */
export const AgriModerationItem = z.object({ post: AgriPost, reports: z.array(AgriReport) });
export const AgriPendingVariety = z.object({
  category: AgriCategory,
  variety: z.string(),
  variety_key: z.string(),
  posts: z.number().int(),
  first_seen_at: IsoDateTime,
});
export const AgriQueueQuery = z.strictObject({
  queue: z.enum(['held', 'reported', 'certifications']).default('held'),
  ...PageQuery,
});

/** The poster's own credit and posting rights. */
export const AgriPosterStanding = z.object({
  credit: AgriCredit,
  /** Whether their posts can be public: real-name verified through a merchant record (catalog). */
  verified: z.boolean(),
  /** Until when an operator banned them from posting; null when not banned. */
  banned_until: IsoDateTime.nullable(),
  ban_reason: z.string().nullable(),
});
