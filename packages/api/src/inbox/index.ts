import type { PublishInboxEvent } from '@cc/shared';
import type { Connection } from 'mongoose';
import type { Logger } from 'pino';
import type { WechatClient } from '../identity/wechat-client';
import type { JobRunner } from '../platform/jobs';
import type { RealtimeEvent, RealtimeTarget } from '../platform/realtime';
import { inboxModels } from './models';
import { createPublisher } from './publish';
import { createPush } from './push';
import { createInboxService } from './service';
import type { InboxTemplates } from './templates';

export interface InboxDeps {
  conn: Connection;
  jobs: JobRunner;
  logger: Logger;
  wechat: Pick<WechatClient, 'sendSubscribeMessage'>;
  /** From identity: the person's openid, null when they have no mini-program account. */
  openidOf: (user_id: string) => Promise<string | null>;
  templates: InboxTemplates;
  notify: (to: RealtimeTarget, event: RealtimeEvent) => Promise<void>;
  /** How long a publisher's claim on a subscribe message holds before another publish of the event may take it. */
  claimLeaseMs: number;
}

/**
 * The inbox module (issue 15 item 6): what happened to a person's orders, calls and money, published by the other
 * modules through `publish` (handed to them in modules.ts), kept once per event and person, and sent as a WeChat
 * subscribe message where the person allowed that kind.
 */
export function createInbox(deps: InboxDeps) {
  const models = inboxModels(deps.conn);
  const push = createPush({ ...deps, models });
  const { publish } = createPublisher({ models, push, jobs: deps.jobs, logger: deps.logger, notify: deps.notify });
  const service = createInboxService({ models, templates: deps.templates });
  return { publish: publish satisfies PublishInboxEvent, service };
}
export type Inbox = ReturnType<typeof createInbox>;
