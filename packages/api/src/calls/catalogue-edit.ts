import type { CreateServiceBody, Service, UpdateServiceBody } from '@cc/shared';
import { CATALOGUE_LIMITS } from '@cc/shared';
import type { z } from 'zod';
import { assertCommunityRole, type UserActor } from '../platform/actor';
import { conflict, notFound } from '../platform/problem';
import type { CallModels, ServiceAttributeDoc, ServiceDoc } from './models';
import { toService } from './service';

type AttributeInput = z.output<typeof CreateServiceBody>['attributes'][number];

const toAttributeDocs = (list: AttributeInput[]): ServiceAttributeDoc[] =>
  list.map((a) => ({
    code: a.code,
    datatype: a.datatype,
    required: a.required,
    order: a.order,
    description: a.description,
    datatype_description: a.datatype_description ?? null,
    values: a.values.map((v) => ({ key: v.key, name: v.name })),
  }));

const isDuplicateKey = (err: unknown) => (err as { code?: number }).code === 11000;

/**
 * Operators edit their community's catalogue (admins any): add a service, change its texts, attributes, SLA, emergency
 * and active flags. A community still reading the default catalogue gets it stored first, so an edit never makes the
 * other defaults disappear. Calls already made keep the snapshot of their service (CallDoc.service_snapshot).
 */
export function createCatalogueEditor(deps: {
  models: CallModels;
  /** Stores the default catalogue for a community if it has none yet (idempotent). */
  seedCatalogue(community_id: string): Promise<void>;
  /** 404 community_not_found for an unknown community. */
  requireCommunity(community_id: string): Promise<unknown>;
}) {
  const { Service: ServiceModel } = deps.models;

  async function prepare(actor: UserActor, community_id: string): Promise<void> {
    assertCommunityRole(actor, community_id, ['operator']);
    await deps.requireCommunity(community_id);
    try {
      await deps.seedCatalogue(community_id);
    } catch (err) {
      // Two first edits at once: the other one stored the defaults.
      if (!isDuplicateKey(err)) throw err;
    }
  }

  return {
    async create(actor: UserActor, community_id: string, body: z.output<typeof CreateServiceBody>): Promise<Service> {
      await prepare(actor, community_id);
      const existing = await ServiceModel.find({ community_id }).select({ order: 1 }).lean<{ order: number }[]>();
      if (existing.length >= CATALOGUE_LIMITS.services)
        throw conflict('catalogue_full', `每个社区最多 ${CATALOGUE_LIMITS.services} 项服务，请先停用或合并不用的服务`);
      const now = new Date();
      const doc: ServiceDoc = {
        _id: `${community_id}:${body.service_code}`,
        community_id,
        service_code: body.service_code,
        service_name: body.service_name,
        description: body.description,
        group: body.group,
        keywords: [...new Set(body.keywords)],
        type: body.type,
        attributes: toAttributeDocs(body.attributes),
        sla: { acknowledge_minutes: body.sla.acknowledge_minutes, resolve_minutes: body.sla.resolve_minutes },
        emergency: body.emergency,
        active: body.active,
        order: body.order ?? Math.max(-1, ...existing.map((s) => s.order)) + 1,
        created_at: now,
        updated_at: now,
      };
      try {
        await ServiceModel.create(doc);
      } catch (err) {
        if (isDuplicateKey(err)) throw conflict('service_code_taken', '本社区已有这个服务编码');
        throw err;
      }
      return toService(doc);
    },

    async update(
      actor: UserActor,
      community_id: string,
      service_code: string,
      patch: z.output<typeof UpdateServiceBody>,
    ): Promise<Service> {
      await prepare(actor, community_id);
      const set: Record<string, unknown> = { updated_at: new Date() };
      for (const field of ['service_name', 'description', 'group', 'type', 'emergency', 'active', 'order'] as const) {
        if (patch[field] !== undefined) set[field] = patch[field];
      }
      if (patch.keywords) set.keywords = [...new Set(patch.keywords)];
      if (patch.attributes) set.attributes = toAttributeDocs(patch.attributes);
      if (patch.sla) set.sla = { acknowledge_minutes: patch.sla.acknowledge_minutes, resolve_minutes: patch.sla.resolve_minutes };
      const updated = await ServiceModel.findOneAndUpdate({ community_id, service_code }, { $set: set }, { new: true }).lean<ServiceDoc>();
      if (!updated) throw notFound('service_not_found', '没有这项服务');
      return toService(updated);
    },
  };
}
export type CatalogueEditor = ReturnType<typeof createCatalogueEditor>;
