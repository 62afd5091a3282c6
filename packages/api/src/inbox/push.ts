import { fenToYuanString } from '@cc/shared';
import type { Logger } from 'pino';
import type { WechatClient } from '../identity/wechat-client';
import type { InboxItemDoc, InboxModels, PushStatus } from './models';
import type { InboxTemplates } from './templates';

export type PushDeps = {
  models: InboxModels;
  wechat: Pick<WechatClient, 'sendSubscribeMessage'>;
  /** The person's WeChat openid, or null when they have no mini-program account. */
  openidOf: (user_id: string) => Promise<string | null>;
  templates: InboxTemplates;
  logger: Logger;
  /** A claim older than this was left by a publisher that died: the next publish of the event takes it over. */
  claimLeaseMs: number;
};

type Outcome = Exclude<PushStatus, 'pending' | 'sending'>;

/** Subscribe-message fields are short by WeChat's rules (thing ≤ 20 characters, time as a date-time). */
function messageData(item: InboxItemDoc): Record<string, { value: string }> {
  return {
    thing1: { value: item.title.slice(0, 20) },
    thing2: { value: item.body.slice(0, 20) },
    time3: { value: item.created_at.toLocaleString('zh-CN', { timeZone: 'Asia/Shanghai', hour12: false }) },
    ...(item.amount_fen !== null ? { amount4: { value: `${fenToYuanString(item.amount_fen)}元` } } : {}),
  };
}

/** The mini-program page a message opens: the item's link, else the inbox. */
const pageOf = (item: InboxItemDoc) => (item.link ?? '/inbox/index/index').replace(/^\//, '');

/** A transient failure (WeChat busy, network) is tried this many times, then recorded as failed. */
export const PUSH_TRIES = 4;

/** A run that must be retried later: another run holds the claim, or WeChat did not take the message this time. */
export class PushRetry extends Error {}

/**
 * The WeChat subscribe message of one inbox item, sent by a BullMQ job (never on the request that published it).
 * Delivery is at least once, the send idempotent per item: a run claims the item (pending → sending, counting the
 * try), uses one of the person's allowances, sends, and writes the outcome on the item; a retried or duplicated job
 * finds the outcome there and sends nothing. A transient failure puts the item back to pending and throws, so the
 * job runner retries it (up to PUSH_TRIES, then `failed`).
 */
export function createPush(deps: PushDeps) {
  const { Item, Allowance } = deps.models;

  async function claim(item_id: string): Promise<InboxItemDoc | null> {
    const now = new Date();
    const stale = new Date(now.getTime() - deps.claimLeaseMs);
    return Item.findOneAndUpdate(
      { _id: item_id, $or: [{ 'push.status': 'pending' }, { 'push.status': 'sending', 'push.claimed_at': { $lt: stale } }] },
      { $set: { 'push.status': 'sending', 'push.claimed_at': now }, $inc: { 'push.tries': 1 } },
      { new: true },
    ).lean<InboxItemDoc>();
  }

  /** Uses one allowance of the template; false when the person has none left (or never allowed it). */
  async function useAllowance(user_id: string, template_id: string): Promise<boolean> {
    const used = await Allowance.findOneAndUpdate(
      { user_id, template_id, remaining: { $gt: 0 } },
      { $inc: { remaining: -1 }, $set: { updated_at: new Date() } },
    ).lean();
    return used !== null;
  }

  async function send(item: InboxItemDoc, template_id: string): Promise<Outcome> {
    const openid = await deps.openidOf(item.user_id);
    if (!openid) return 'not_in_app';
    if (!(await useAllowance(item.user_id, template_id))) return 'refused';
    const outcome = await deps.wechat.sendSubscribeMessage({ openid, template_id, page: pageOf(item), data: messageData(item) });
    const filter = { user_id: item.user_id, template_id };
    // WeChat did not take it: the allowance was not spent. It refused: the person withdrew their consent.
    if (outcome === 'failed') await Allowance.updateOne(filter, { $inc: { remaining: 1 } });
    if (outcome === 'refused') await Allowance.updateOne(filter, { $set: { remaining: 0, updated_at: new Date() } });
    return outcome;
  }

  /** Writes the outcome, or (a transient failure with tries left) hands the item back to the next run. */
  async function settle(item: InboxItemDoc, template_id: string, outcome: Outcome): Promise<'done' | 'retry'> {
    const mine = { _id: item._id, 'push.status': 'sending', 'push.claimed_at': item.push.claimed_at };
    const tries = item.push.tries ?? 1;
    if (outcome === 'failed' && tries < PUSH_TRIES) {
      await Item.updateOne(mine, { $set: { 'push.status': 'pending', 'push.claimed_at': null } });
      return 'retry';
    }
    await Item.updateOne(mine, {
      $set: { push: { status: outcome, template_id, claimed_at: item.push.claimed_at, done_at: new Date(), tries } },
    });
    return 'done';
  }

  return {
    /** One run of the send job. Throws PushRetry when the job should run again later. */
    async deliver(item_id: string): Promise<void> {
      const item = await claim(item_id);
      if (!item) {
        const now = await Item.findById(item_id, { push: 1 }).lean<Pick<InboxItemDoc, 'push'>>();
        // Another run holds it (or died holding it): try again after the backoff, when it has an outcome or went stale.
        if (now?.push.status === 'sending') throw new PushRetry(`inbox item ${item_id} is being sent by another run`);
        return; // The outcome is recorded: this is a retried or duplicated job, and it sends nothing.
      }
      const template_id = deps.templates[item.kind];
      let outcome: Outcome;
      try {
        outcome = await send(item, template_id);
      } catch (err) {
        deps.logger.warn({ item_id, err: (err as Error).message }, 'inbox subscribe message not sent');
        outcome = 'failed';
      }
      if ((await settle(item, template_id, outcome)) === 'retry') throw new PushRetry(`inbox item ${item_id}: WeChat did not take it`);
    },
  };
}
export type Push = ReturnType<typeof createPush>;
