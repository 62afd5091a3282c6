/**
 * Trust (issue 14 item 7): anyone reports a post; the operators of the post's community work a queue of held,
 * reported and certification-pending posts and hide (reject), restore (release a hold), warn or ban; they confirm
 * certifications (shown to others only then) and unknown varieties.
 */
import {
  AGRI_CERT_WORDS,
  type AgriPost,
  type CheckCertificationBody,
  type ModerateAgriPostBody,
  type ReportAgriPostBody,
} from '@cc/shared';
import { assertCommunityRole, type UserActor } from '../platform/actor';
import { newId } from '../platform/ids';
import { pageNewestFirst } from '../platform/pagination';
import { AppError, conflict, forbidden, notFound } from '../platform/problem';
import { emitChange, tell, type AgriCtx } from './context';
import { moderatesPost } from './lifecycle';
import type { AgriPostDoc, AgriReportDoc } from './models';
import { withPhotoUrls } from './photos';
import { toPostView } from './present';

const isDuplicateKey = (err: unknown) => (err as { code?: number }).code === 11000;

async function load(C: AgriCtx, post_id: string): Promise<AgriPostDoc> {
  const post = await C.models.Post.findById(post_id).lean<AgriPostDoc>();
  if (!post) throw notFound('agri_post_not_found', '供求信息不存在');
  return post;
}

async function operated(C: AgriCtx, actor: UserActor, post_id: string): Promise<AgriPostDoc> {
  const post = await load(C, post_id);
  if (!moderatesPost(actor, post)) throw forbidden('forbidden_scope', '只有该信息所在社区的运营人员可以处理');
  return post;
}

const toReport = (r: AgriReportDoc) => ({
  id: r._id,
  post_id: r.post_id,
  reason: r.reason as ReportAgriPostBody['reason'],
  note: r.note,
  status: r.status,
  created_at: r.created_at.toISOString(),
});

async function report(C: AgriCtx, actor: UserActor, post_id: string, body: ReportAgriPostBody) {
  const post = await load(C, post_id);
  if (post.status !== 'open' && post.owner_user_id !== actor.user_id) throw notFound('agri_post_not_found', '供求信息不存在');
  if (post.owner_user_id === actor.user_id) throw conflict('cannot_report_own', '不能举报自己发布的信息');
  const doc: AgriReportDoc = {
    _id: newId('rpt'),
    post_id,
    reporter_user_id: actor.user_id,
    reason: body.reason,
    note: body.note ?? null,
    status: 'open',
    created_at: new Date(),
    decided_at: null,
  };
  try {
    await C.models.Report.create(doc);
  } catch (err) {
    if (isDuplicateKey(err)) throw conflict('already_reported', '您已举报过这条信息，运营人员会尽快处理');
    throw err;
  }
  await C.models.Post.updateOne({ _id: post_id }, { $inc: { reports_open: 1 } });
  return toReport(doc);
}

/** Closes the post's open reports as upheld or dismissed; upheld ones count against the poster's credit. */
async function settleReports(C: AgriCtx, post: AgriPostDoc, upheld: boolean): Promise<void> {
  const res = await C.models.Report.updateMany(
    { post_id: post._id, status: 'open' },
    { $set: { status: upheld ? 'upheld' : 'dismissed', decided_at: new Date() } },
  );
  await C.models.Post.updateOne({ _id: post._id }, { $set: { reports_open: 0 } });
  if (upheld && res.modifiedCount > 0) await C.credit.reportUpheld(post.owner_user_id, res.modifiedCount);
}

const ACTION_WORDS = { hide: '已被下架', restore: '已恢复展示', warn: '收到运营人员的提醒' } as const;

/** hide (also rejects a held post), restore (also releases a hold) or warn; guarded on the status it acts from. */
async function moderate(C: AgriCtx, actor: UserActor, post_id: string, body: ModerateAgriPostBody): Promise<AgriPost> {
  const post = await operated(C, actor, post_id);
  const now = new Date();
  let set: Record<string, unknown> = { moderation_note: body.reason, updated_at: now };
  let from: string[] = [post.status];
  if (body.action === 'hide') {
    from = ['open', 'held', 'pending_verification'];
    set = { ...set, status: 'hidden', status_before_hide: post.status };
  } else if (body.action === 'restore') {
    from = ['hidden', 'held'];
    const back = post.status === 'held' || post.status_before_hide === 'held' ? 'open' : (post.status_before_hide ?? 'open');
    set = { ...set, status: back, status_before_hide: null, hold_reasons: [] };
  }
  const saved = await C.models.Post.findOneAndUpdate(
    { _id: post_id, status: { $in: from } },
    { $set: set, $inc: { revision: 1 } },
    { new: true },
  ).lean<AgriPostDoc>();
  if (!saved)
    throw new AppError(409, 'illegal_transition', `该信息当前为「${post.status}」，不能${body.action === 'hide' ? '下架' : '恢复'}`);
  if (body.action === 'warn') await C.credit.warned(post.owner_user_id);
  if (body.action !== 'warn' && post.reports_open > 0) {
    await settleReports(C, saved, body.action === 'hide' && body.uphold_reports);
    saved.reports_open = 0;
  }
  await tell(C, {
    event_id: `agri_post_moderated:${post_id}:${saved.revision}`,
    user_id: post.owner_user_id,
    kind: 'agri_post_moderated',
    title: `供求信息${ACTION_WORDS[body.action]}`,
    body: `您发布的「${post.variety}」信息${ACTION_WORDS[body.action]}：${body.reason}`,
    link: `/agri/post/index?id=${post_id}`,
  });
  if (body.action !== 'warn')
    await emitChange(C, {
      post_id,
      kind: saved.kind,
      what: body.action === 'hide' ? 'hidden' : 'restored',
      previous_status: post.status,
      post: saved,
    });
  return toPostView(saved, { user_id: actor.user_id, moderates: true }, await C.credit.of(saved.owner_user_id));
}

async function checkCertification(C: AgriCtx, actor: UserActor, post_id: string, body: CheckCertificationBody): Promise<AgriPost> {
  const post = await operated(C, actor, post_id);
  if (!post.certifications.some((c) => c.kind === body.kind))
    throw notFound('certification_not_found', `该信息没有「${AGRI_CERT_WORDS[body.kind]}」认证`);
  const certifications = post.certifications.map((c) =>
    c.kind === body.kind
      ? { ...c, status: body.decision, checked_by: actor.user_id, checked_at: new Date(), note: body.reason ?? null }
      : c,
  );
  const saved = await C.models.Post.findOneAndUpdate(
    { _id: post_id },
    {
      $set: { certifications, certified: certifications.some((c) => c.status === 'confirmed'), updated_at: new Date() },
      $inc: { revision: 1 },
    },
    { new: true },
  ).lean<AgriPostDoc>();
  if (!saved) throw notFound('agri_post_not_found', '供求信息不存在');
  await emitChange(C, { post_id, kind: saved.kind, what: 'updated', previous_status: post.status, post: saved });
  return withPhotoUrls(C, toPostView(saved, { user_id: actor.user_id, moderates: true }, await C.credit.of(saved.owner_user_id)));
}

/** Bans a person from posting for `days` (their live posts in this community are hidden with the reason). */
async function ban(C: AgriCtx, actor: UserActor, community_id: string, user_id: string, body: { days: number; reason: string }) {
  assertCommunityRole(actor, community_id, ['operator']);
  const posts = await C.models.Post.find({ owner_user_id: user_id }).lean<AgriPostDoc[]>();
  const record = await C.models.Poster.findById(user_id).lean();
  if (posts.length === 0 && !record) throw notFound('agri_poster_not_found', '此人没有发布过供求信息');
  await C.credit.ban(user_id, new Date(Date.now() + body.days * 86_400_000), body.reason);
  for (const post of posts.filter((p) => p.community_id === community_id && ['open', 'held', 'pending_verification'].includes(p.status))) {
    const saved = await C.models.Post.findOneAndUpdate(
      { _id: post._id, status: post.status },
      {
        $set: { status: 'hidden', status_before_hide: post.status, moderation_note: body.reason, updated_at: new Date() },
        $inc: { revision: 1 },
      },
      { new: true },
    ).lean<AgriPostDoc>();
    if (saved) await emitChange(C, { post_id: saved._id, kind: saved.kind, what: 'hidden', previous_status: post.status, post: saved });
  }
  return null;
}

const QUEUES = {
  held: (community_id: string) => ({ community_id, status: 'held' }),
  reported: (community_id: string) => ({ community_id, reports_open: { $gt: 0 } }),
  certifications: (community_id: string) => ({ community_id, 'certifications.status': 'pending' }),
};

async function queue(
  C: AgriCtx,
  actor: UserActor,
  community_id: string,
  q: { queue: keyof typeof QUEUES; limit: number; cursor?: string },
) {
  assertCommunityRole(actor, community_id, ['operator']);
  const page = await pageNewestFirst(C.models.Post, QUEUES[q.queue](community_id), q);
  const ids = page.items.map((p) => p._id);
  const reports = ids.length ? await C.models.Report.find({ post_id: { $in: ids }, status: 'open' }).lean<AgriReportDoc[]>() : [];
  const posters = await C.credit.many(page.items.map((p) => p.owner_user_id));
  return {
    // The queue's page is short (its limit): each post carries its photo and evidence URLs for the operator to check.
    items: await Promise.all(
      page.items.map(async (p) => ({
        post: await withPhotoUrls(C, toPostView(p, { user_id: actor.user_id, moderates: true }, posters.get(p.owner_user_id))),
        reports: reports.filter((r) => r.post_id === p._id).map(toReport),
      })),
    ),
    next_cursor: page.next_cursor,
  };
}

export function createModeration(C: AgriCtx) {
  return {
    report: (actor: UserActor, post_id: string, body: ReportAgriPostBody) => report(C, actor, post_id, body),
    moderate: (actor: UserActor, post_id: string, body: ModerateAgriPostBody) => moderate(C, actor, post_id, body),
    checkCertification: (actor: UserActor, post_id: string, body: CheckCertificationBody) => checkCertification(C, actor, post_id, body),
    ban: (actor: UserActor, community_id: string, user_id: string, body: { days: number; reason: string }) =>
      ban(C, actor, community_id, user_id, body),
    queue: (actor: UserActor, community_id: string, q: Parameters<typeof queue>[3]) => queue(C, actor, community_id, q),
  };
}
