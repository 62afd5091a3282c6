import type { Redis } from 'ioredis';
import type { Connection } from 'mongoose';
import type { Logger } from 'pino';
import type { Authenticator } from '../platform/http';
import { createAddressService } from './addresses';
import { createFamilyService } from './family';
import { identityModels, type UserDoc } from './models';
import { createPartnerKeys } from './partners';
import { createPhoneReveals } from './phone-reveals';
import { createPlaceService } from './places';
import { createIdentitySeeding } from './seeding';
import { createSessionStore } from './sessions';
import { createUserService, effectiveRoles } from './users';
import { createWechatClient } from './wechat-client';

export interface IdentityDeps {
  conn: Connection;
  redis: Redis;
  sessionTtlSeconds: number;
  wechat: { baseUrl: string; appid: string; secret: string };
  /** Subscribe-message template for the emergency alert to family contacts. */
  emergencyTemplateId: string;
  logger: Logger;
}

/** The identity module: people, roles, sessions, communities, stations and kiosks. Other modules use this service. */
export function createIdentity(deps: IdentityDeps) {
  const models = identityModels(deps.conn);
  const sessions = createSessionStore(deps.redis, deps.sessionTtlSeconds);
  const wechat = createWechatClient({ ...deps.wechat, redis: deps.redis });
  const users = createUserService({ models, sessions, wechat });
  const places = createPlaceService({ models });
  // Partner systems' api_keys (Open311), per community, stored hashed like kiosk secrets.
  const partners = createPartnerKeys({ conn: deps.conn, requireCommunity: (id) => places.getCommunity(id) });
  const addresses = createAddressService(models);
  const family = createFamilyService({ models, wechat, emergencyTemplateId: deps.emergencyTemplateId, logger: deps.logger });

  const authenticator: Omit<Authenticator, 'card'> = {
    async user(token) {
      const session = await sessions.resolve(token);
      if (!session) return null;
      // Roles come from the database on every request, so a revoked role stops working at once.
      const user = await models.User.findById(session.user_id).lean<UserDoc>();
      if (!user) return null;
      return {
        kind: 'user',
        user_id: user._id,
        roles: effectiveRoles(user),
        community_id: user.community_id,
        session_id: session.session_id,
      };
    },
    terminal: (kiosk_id, secret) => places.authenticateTerminal(kiosk_id, secret),
  };

  // Full phone numbers for call-backs, each reveal recorded.
  const phoneReveals = createPhoneReveals({ conn: deps.conn, models });

  return {
    users,
    places,
    family,
    addresses,
    partners,
    phoneReveals,
    sessions,
    authenticator,
    seeding: createIdentitySeeding(models),
    // The WeChat server API, for the inbox's subscribe messages.
    wechat,
  };
}
export type Identity = ReturnType<typeof createIdentity>;
