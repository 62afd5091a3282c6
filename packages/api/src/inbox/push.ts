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

/**
 * The WeChat subscribe message of one inbox item, sent at most once per claim: the item is claimed (pending →
 * sending) by one publisher, one of the person's allowances for the template is used, and the outcome is written on
 * the item. Never throws: a message that could not be sent is recorded as failed.
 */
export function createPush(deps: PushDeps) {
  const { Item, Allowance } = deps.models;

  async function claim(item_id: string): Promise<InboxItemDoc | null> {
    const now = new Date();
    const stale = new Date(now.getTime() - deps.claimLeaseMs);
    return Item.findOneAndUpdate(
      { _id: item_id, $or: [{ 'push.status': 'pending' }, { 'push.status': 'sending', 'push.claimed_at': { $lt: stale } }] },
      { $set: { 'push.status': 'sending', 'push.claimed_at': now } },
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

  return {
    async deliver(item_id: string): Promise<void> {
      const item = await claim(item_id);
      if (!item) return;
      const template_id = deps.templates[item.kind];
      let outcome: Outcome;
      try {
        outcome = await send(item, template_id);
      } catch (err) {
        deps.logger.warn({ item_id, err: (err as Error).message }, 'inbox subscribe message not sent');
        outcome = 'failed';
      }
      await Item.updateOne(
        { _id: item._id, 'push.status': 'sending', 'push.claimed_at': item.push.claimed_at },
        { $set: { push: { status: outcome, template_id, claimed_at: item.push.claimed_at, done_at: new Date() } } },
      );
    },
  };
}
export type Push = ReturnType<typeof createPush>;
