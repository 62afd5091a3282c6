import type { Redis } from 'ioredis';
import type { Connection } from 'mongoose';
import type { Logger } from 'pino';
import type { Config } from './config';
import { createAgriPrices } from './agri/price/index';
import { agriModulesFrom } from './agri/match/adapters';
import { agriDemandFrom } from './agri/demand/adapters';
import { callsPeoplePorts } from './calls/adapters';
import { createCalls } from './calls/index';
import { communityExistsVia } from './catalog/adapters';
import { createCatalog } from './catalog/index';
import { loadCallsConfig } from './calls/config';
import { deliveryFrom } from './delivery/adapters';
import { createIdentity } from './identity/index';
import { inboxFromConfig } from './inbox/adapters';
import { orderPortsFrom } from './orders/adapters';
import type { CompletedOrderFacts } from './orders/ports';
import { createOrders } from './orders/index';
import { kioskShopFrom } from './orders/kiosk-shop/adapters';
import { createCommands } from './platform/commands';
import { createJobRunner, type JobRunner } from './platform/jobs';
import { createRealtimeBus } from './platform/realtime';
import { localDiskStore } from './platform/storage';
import { familyFrom } from './proxy-orders/adapters';
import { createUploads } from './uploads/index';
import { staffPeoplePorts } from './staff/adapters';
import { createStaff } from './staff/index';
import { walletFromConfig } from './wallet/adapters';
import { walletPort } from './wallet/port';

type ModuleDeps = {
  config: Config;
  conn: Connection;
  redis: Redis;
  logger: Logger;
  /** The job runner; by default one that only produces (command-line tools run no workers). */
  jobs?: JobRunner;
};

/** The domain modules wired together from the configuration; the app and the command-line tools both use this. */
export function createModules(deps: ModuleDeps) {
  const core = createCoreModules(deps);
  return { ...core, ...servicesOnCore(core, deps) };
}
export type Modules = ReturnType<typeof createModules>;
type CoreModules = ReturnType<typeof createCoreModules>;

/**
 * The services people use that are built on the core modules' services only (never their models): each slice adds
 * its own lines here.
 */
function servicesOnCore(core: CoreModules, { config, conn, redis, logger }: ModuleDeps) {
  const { identity, wallet, realtime, orders, delivery, catalog, uploads, inbox, jobs, commands } = core;
  // 找工作人员 at the kiosk: an alert to the station's operators over the real-time channel (staff/).
  const staff = createStaff({ conn, redis, publish: realtime.publish, ...staffPeoplePorts(identity), repeatAfterSeconds: 60 });
  // 买菜 at the kiosk: the orders' checkout and pay for a card holder (orders/kiosk-shop/adapters.ts).
  const kioskShop = kioskShopFrom({ orders, identity, delivery, wallet, catalog, uploads });
  // Family links (identity) and proxy orders for elders (亲情代付): the PIN through the wallet, the checkout through orders.
  const family = familyFrom(config, { conn, jobs, commands, wallet, orders, publish: inbox.publish });
  // 我来付: the family member's WeChat payments of proxy orders (pxo_…) go to the proxy orders, every other to orders.
  wallet.collect.onPaid((paid) => family.routeWechatPaid(paid));
  // … and the outcome of their refunds (a no, the deadline, an ended link) back to the proxy orders, every other to orders.
  wallet.onRefundSettled((r) => family.routeRefundSettled(r));
  // 行情: price observations rolled up per day × variety × region (agri/price/); fed through agriPrices.observe.
  const agriPrices = createAgriPrices({ conn });
  // 农产品供求: supply and purchase posts, their moderation and search (agri/); verification through the catalog.
  const { agri, agriDeals } = agriModulesFrom({
    conn,
    jobs,
    logger,
    catalog,
    identity,
    uploads,
    publish: inbox.publish,
    observePrice: agriPrices.observe,
  });
  // Completed shop orders of listed supply into 行情, and each week's community demand as purchase posts (agri/demand/).
  const agriDemand = agriDemandFrom({ conn, jobs, logger, agri, prices: agriPrices, catalog, identity });
  core.completed.add((order) => agriDemand.onOrderCompleted(order));
  // One name per line: slices add theirs without touching the others'.
  return {
    staff,
    kioskShop,
    family,
    agriPrices,
    agri,
    // Matching, inquiries (询价) and 一键上架 on the posts (agri/match/, agri/inquiries/).
    agriDeals,
    agriDemand,
  };
}

/** Listeners of completed orders, told in order (a listener enqueues its work: it must not fail the confirmation). */
function completionListeners() {
  const listeners: ((order: CompletedOrderFacts) => Promise<void>)[] = [];
  return {
    tell: async (order: CompletedOrderFacts) => {
      for (const listener of listeners) await listener(order);
    },
    add: (listener: (order: CompletedOrderFacts) => Promise<void>) => void listeners.push(listener),
  };
}

/** Identity, wallet, calls, catalog, delivery, orders and the inbox, and the platform pieces they share. */
function createCoreModules({
  config,
  conn,
  redis,
  logger,
  jobs = createJobRunner({
    redisUrl: config.REDIS_URL,
    prefix: `${config.REDIS_KEY_PREFIX}bull`,
    logger,
    workers: false,
    commandTimeoutMs: config.REDIS_COMMAND_TIMEOUT_MS,
  }),
}: ModuleDeps) {
  // Completed orders, told to the listeners the services on core add (agri/demand), bound late.
  const completed = completionListeners();
  // The command-and-saga kernel every money path and cross-module operation runs on (platform/commands.ts).
  const commands = createCommands({ conn, logger, lease_ms: config.COMMAND_LEASE_MS });

  const identity = createIdentity({
    conn,
    redis,
    sessionTtlSeconds: config.SESSION_TTL_SECONDS,
    wechat: { baseUrl: config.WECHAT_API_BASE_URL, appid: config.WECHAT_APPID, secret: config.WECHAT_SECRET },
    emergencyTemplateId: config.WECHAT_TEMPLATE_EMERGENCY,
    logger,
  });

  // Photos for calls, products and reviews; the disk store can be swapped for an object store (platform/storage.ts).
  const uploads = createUploads({ conn, redis, store: localDiskStore(config.UPLOAD_DIR), perHour: config.UPLOADS_PER_USER_PER_HOUR });

  // Real-time events for people and operators, fanned out to every API instance through Redis pub/sub.
  const realtime = createRealtimeBus({
    redisUrl: config.REDIS_URL,
    channel: `${config.REDIS_KEY_PREFIX}realtime`,
    logger,
    commandTimeoutMs: config.REDIS_COMMAND_TIMEOUT_MS,
  });

  // Every person's inbox and its WeChat subscribe messages; modules tell people things through inbox.publish.
  const inbox = inboxFromConfig(config, { conn, jobs, logger, identity, realtime });

  // The citizen-card wallet, its ledger and WeChat Pay, configured from the environment (wallet/adapters.ts).
  const wallet = walletFromConfig(config, { conn, redis, logger, commands, openidOf: identity.users.openidOf, inbox });
  // The wallet as orders and calls see it: one typed port (wallet/port.ts).
  const money = walletPort(wallet);

  const calls = createCalls({
    conn,
    redis,
    logger,
    jobs,
    commands,
    config: loadCallsConfig(),
    bus: realtime,
    publishInbox: inbox.publish,
    // The person's profile, places, family and photos through identity's and uploads' services.
    ...callsPeoplePorts(identity, uploads),
    // Fees of resolved calls: the wallet's one port, never its models.
    wallet: money,
    feeRecheckAfterMs: 2 * config.LEDGER_RECOVERY_AGE_MS + config.LEDGER_RECOVERY_EVERY_MS,
  });

  // Merchants, categories, products and catalog imports; identity, wallet and uploads only through their services.
  const catalog = createCatalog({
    conn,
    jobs,
    communityExists: communityExistsVia(identity),
    openMerchantAccount: async (merchant_id, label) => (await wallet.ledger.ensureAccount('merchant', merchant_id, label))._id,
    uploads: uploads.service,
  });

  // Delivery slots and pickup, and couriers' tasks: places from catalog and identity, the order's steps through the
  // orders service (bound late: orders is made below), fees through the wallet's port (delivery/adapters.ts).
  const deliveryDeps = { conn, redis, jobs, commands, catalog, identity, calls, wallet: money, realtime, uploads };
  const delivery = deliveryFrom(config, { ...deliveryDeps, orders: () => orders, publishInbox: inbox.publish });

  // Cart, checkout and orders: a saga over catalog (stock), delivery (seats), identity (addresses) and wallet (money),
  // each reached through the functions below only.
  const orders = createOrders({
    conn,
    jobs,
    commands,
    payWithinMs: config.ORDER_PAY_WITHIN_SECONDS * 1000,
    autoConfirmAfterMs: config.ORDER_AUTO_CONFIRM_SECONDS * 1000,
    reviewBlockedWords: config.REVIEW_BLOCKED_WORDS,
    ports: {
      ...orderPortsFrom({ catalog, delivery, identity, uploads }),
      wallet: money,
      publish: (user_ids, event) => realtime.publish({ user_ids }, event),
      publishInbox: inbox.publish,
      // An order ready for slot delivery becomes a courier's task (delivery/tasks/create.ts).
      onReadyForDelivery: (order) => delivery.tasks.fromOrder(order),
      sellerTakesOver: (order_id, seller_id) => delivery.tasks.sellerTakesOver(order_id, seller_id),
      onRefunded: (order_id) => delivery.tasks.withdrawRefunded(order_id),
      onCompleted: completed.tell,
    },
  });

  // WeChat Pay payments of orders, booked by the wallet, are handed to orders by this one listener.
  wallet.collect.onPaid((paid) => orders.checkout.onWechatPaid(paid));
  // … and the outcome of WeChat Pay refunds of orders (the order becomes refunded only when the money is back).
  wallet.onRefundSettled((r) => orders.lifecycle.refundSettled(r));

  return { identity, wallet, calls, realtime, uploads, catalog, delivery, orders, inbox, jobs, commands, completed };
}
