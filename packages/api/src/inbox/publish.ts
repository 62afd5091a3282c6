import { createHash } from 'node:crypto';
import { InboxKind, type InboxEventInput } from '@cc/shared';
import type { Logger } from 'pino';
import { isDuplicateKey } from '../platform/db';
import { newId } from '../platform/ids';
import type { DelayedJobs, JobRunner } from '../platform/jobs';
import type { RealtimeEvent, RealtimeTarget } from '../platform/realtime';
import type { InboxModels } from './models';
import type { Push } from './push';

export type PublishDeps = {
  models: InboxModels;
  push: Push;
  jobs: JobRunner;
  logger: Logger;
  /** Tells the person's open apps that a new item arrived (the badge), best effort. */
  notify: (to: RealtimeTarget, event: RealtimeEvent) => Promise<void>;
};

/** BullMQ job ids may not contain ':' (event ids do): the retry of one (event, person) is keyed by a hash. */
const retryIdOf = (e: InboxEventInput) => `inbox-${createHash('sha256').update(`${e.event_id}\n${e.user_id}`).digest('hex')}`;
const RETRY_DELAY_MS = 1000;

/**
 * Publishing: one item per (event_id, user_id) — the unique index makes a replayed or concurrent publish of the same
 * event add nothing — stored on the publisher's request, then its subscribe message queued for the send job (the
 * WeChat call never holds up the request; one job per item, and the item's outcome makes a re-run send nothing).
 * `publish` never throws into the module that publishes (an order must not fail because its notice could not be
 * stored): what could not be stored or queued now is retried by a job (at least once; shown once by the same index).
 */
export function createPublisher(deps: PublishDeps) {
  const { Item } = deps.models;

  /** Stores the item if it is new; answers its id and whether this call made it. */
  async function store(e: InboxEventInput): Promise<{ item_id: string; created: boolean }> {
    const key = { event_id: e.event_id, user_id: e.user_id };
    let created = false;
    try {
      const res = await Item.updateOne(
        key,
        {
          $setOnInsert: {
            _id: newId('inb'),
            ...key,
            kind: e.kind,
            title: e.title,
            body: e.body,
            link: e.link ?? null,
            amount_fen: e.amount_fen ?? null,
            read_at: null,
            push: { status: 'pending', template_id: null, claimed_at: null, done_at: null },
            created_at: new Date(),
          },
        },
        { upsert: true },
      );
      created = res.upsertedCount === 1;
    } catch (err) {
      // Two publishes of the same event raced on the unique index: the other one made the item.
      if (!isDuplicateKey(err)) throw err;
    }
    const item = await Item.findOne(key, { _id: 1 }).lean<{ _id: string }>();
    if (!item) throw new Error('inbox item vanished after its upsert');
    return { item_id: item._id, created };
  }

  // A run that throws is retried by the runner (5 attempts, exponential backoff from 1 s): see push.deliver.
  const sends = deps.jobs.delayed<{ item_id: string }>('inbox-push', ({ item_id }) => deps.push.deliver(item_id));

  async function publishNow(e: InboxEventInput): Promise<void> {
    const { item_id, created } = await store(e);
    // Keyed by the item: queuing a replayed event's send again is a no-op while the first job is kept.
    await sends.schedule(`inbox-push-${item_id}`, { item_id }, new Date());
    if (created) {
      await deps.notify({ user_ids: [e.user_id] }, { type: 'inbox.item', kind: e.kind }).catch((err: Error) => {
        deps.logger.debug({ err: err.message }, 'inbox realtime notice not sent');
      });
    }
  }

  // A handler that throws is retried by the runner (5 attempts, exponential backoff).
  const retries: DelayedJobs<InboxEventInput> = deps.jobs.delayed<InboxEventInput>('inbox-publish', publishNow);

  return {
    async publish(e: InboxEventInput): Promise<void> {
      if (!InboxKind.safeParse(e.kind).success || !e.event_id || !e.user_id) {
        deps.logger.error({ kind: e.kind, event_id: e.event_id }, 'inbox event refused: unknown kind or missing ids');
        return;
      }
      try {
        await publishNow(e);
      } catch (err) {
        deps.logger.warn({ event_id: e.event_id, err: (err as Error).message }, 'inbox publish failed; retrying in a job');
        await retries.schedule(retryIdOf(e), e, new Date(Date.now() + RETRY_DELAY_MS)).catch((jobErr: Error) => {
          deps.logger.error({ event_id: e.event_id, err: jobErr.message }, 'inbox event lost: neither stored nor queued');
        });
      }
    },
  };
}
