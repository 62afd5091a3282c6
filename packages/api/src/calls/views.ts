import type { Call, Service } from '@cc/shared';
import type { CallDoc, ProviderSkillDoc, ServiceDoc, ServiceSnapshotDoc } from './models';
import { CLOSED_STATUSES } from './statuses';

export function toService(s: ServiceDoc): Service {
  return {
    community_id: s.community_id,
    service_code: s.service_code,
    service_name: s.service_name,
    description: s.description,
    group: s.group,
    keywords: s.keywords,
    type: s.type,
    metadata: s.attributes.length > 0,
    attributes: [...s.attributes]
      .sort((a, b) => a.order - b.order)
      .map((a) => ({
        code: a.code,
        datatype: a.datatype,
        required: a.required,
        order: a.order,
        description: a.description,
        datatype_description: a.datatype_description ?? null,
        values: a.values.map((v) => ({ key: v.key, name: v.name })),
      })),
    sla: { acknowledge_minutes: s.sla.acknowledge_minutes, resolve_minutes: s.sla.resolve_minutes },
    emergency: s.emergency,
    active: s.active ?? true,
  };
}

/** What a call keeps of its service: catalogue edits after it was made leave it alone. */
export function snapshotOf(s: ServiceDoc): ServiceSnapshotDoc {
  const { attributes } = toService(s);
  return {
    service_name: s.service_name,
    group: s.group,
    sla: { acknowledge_minutes: s.sla.acknowledge_minutes, resolve_minutes: s.sla.resolve_minutes },
    emergency: s.emergency,
    attributes,
  };
}

/** 138****5678; short numbers keep only their last two digits. */
function maskPhone(phone: string): string {
  const digits = phone.replace(/\D/g, '');
  return digits.length >= 7 ? `${digits.slice(0, 3)}****${digits.slice(-4)}` : `****${digits.slice(-2)}`;
}

export function toCall(c: CallDoc): Call {
  const open = !CLOSED_STATUSES.includes(c.status);
  return {
    id: c._id,
    number: c.number,
    community_id: c.community_id,
    service_code: c.service_code,
    service_name: c.service_name,
    requester_id: c.requester_id ?? null,
    channel: c.channel,
    kiosk_id: c.kiosk_id ?? null,
    taken_by: c.taken_by ?? null,
    priority: c.priority,
    status: c.status,
    description: c.description,
    address: c.address,
    location: c.location ? { lat: c.location.lat, lng: c.location.lng } : null,
    attributes: c.attributes ?? {},
    preferred_time: c.preferred_time ? c.preferred_time.toISOString() : null,
    provider_id: c.provider_id ?? null,
    expected_datetime: c.expected_datetime.toISOString(),
    seconds_to_deadline: open ? Math.round((c.expected_datetime.getTime() - Date.now()) / 1000) : null,
    escalation_level: c.escalation_level,
    service_notice: c.service_notice ?? null,
    rating: c.rating ?? null,
    rating_comment: c.rating_comment ?? null,
    photos: c.photos ?? [],
    history: c.history.map((h) => ({
      at: h.at.toISOString(),
      actor_id: h.actor_id ?? null,
      actor_role: h.actor_role,
      from: h.from ?? null,
      to: h.to ?? null,
      action: h.action,
      note: h.note ?? null,
    })),
    service_snapshot: c.service_snapshot ?? {
      // Calls made before snapshots were kept.
      service_name: c.service_name,
      group: '',
      sla: { acknowledge_minutes: 0, resolve_minutes: 0 },
      emergency: c.priority === 'emergency',
      attributes: [],
    },
    fee: c.fee
      ? {
          amount_fen: c.fee.amount_fen,
          status: c.fee.status,
          set_by: c.fee.set_by,
          set_at: c.fee.set_at.toISOString(),
          paid_at: c.fee.paid_at ? c.fee.paid_at.toISOString() : null,
          transfer_id: c.fee.transfer_id ?? null,
        }
      : null,
    partner_key_id: c.partner_key_id ?? null,
    partner_name: c.partner_name ?? null,
    contact: c.contact
      ? {
          first_name: c.contact.first_name ?? null,
          last_name: c.contact.last_name ?? null,
          email: c.contact.email ?? null,
          phone_masked: c.contact.phone ? maskPhone(c.contact.phone) : null,
          account_id: c.contact.account_id ?? null,
        }
      : null,
    media_url: c.media_url ?? null,
    created_at: c.created_at.toISOString(),
    updated_at: c.updated_at.toISOString(),
  };
}

export function toProvider(r: ProviderSkillDoc, open_calls: number) {
  return {
    community_id: r.community_id,
    user_id: r.user_id,
    skills: r.skills,
    open_calls,
    rating_average: r.rating_count > 0 ? Math.round((r.rating_sum / r.rating_count) * 10) / 10 : null,
    rating_count: r.rating_count,
  };
}
