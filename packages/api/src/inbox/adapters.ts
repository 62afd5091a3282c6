import type { Connection } from 'mongoose';
import type { Logger } from 'pino';
import type { Config } from '../config';
import type { Identity } from '../identity/index';
import type { JobRunner } from '../platform/jobs';
import { AppError } from '../platform/problem';
import type { RealtimeBus } from '../platform/realtime';
import { createInbox } from './index';
import { inboxTemplates } from './templates';

/** A person who does not exist has no mini-program account; any other failure is not an answer. */
function notFoundAsNull(err: unknown): null {
  if (err instanceof AppError && err.status === 404) return null;
  throw err;
}

/** The inbox wired to identity (openids, the WeChat client) and the real-time bus, its templates from the config. */
export function inboxFromConfig(
  config: Config,
  deps: { conn: Connection; jobs: JobRunner; logger: Logger; identity: Identity; realtime: RealtimeBus },
) {
  return createInbox({
    conn: deps.conn,
    jobs: deps.jobs,
    logger: deps.logger,
    wechat: deps.identity.wechat,
    openidOf: (user_id) => deps.identity.users.openidOf(user_id).catch(notFoundAsNull),
    templates: inboxTemplates(config.WECHAT_TEMPLATES_INBOX),
    notify: (to, event) => deps.realtime.publish(to, event),
    claimLeaseMs: config.COMMAND_LEASE_MS,
  });
}
