import { INBOX_KINDS, InboxKind } from '@cc/shared';

/** A kind's subscribe-message template; each kind has one, by default `inbox_<kind>` (the simulator takes any id). */
export type InboxTemplates = Record<InboxKind, string>;

/**
 * The templates from WECHAT_TEMPLATES_INBOX (`kind=template_id,…`): the ones listed replace the defaults. A line
 * naming an unknown kind stops start-up, so a typo does not silently send nothing.
 */
export function inboxTemplates(pairs: readonly string[]): InboxTemplates {
  const templates = Object.fromEntries(INBOX_KINDS.map((k) => [k, `inbox_${k}`])) as InboxTemplates;
  for (const pair of pairs) {
    const [kind, template_id] = pair.split('=').map((s) => s.trim());
    const parsed = InboxKind.safeParse(kind);
    if (!parsed.success || !template_id) throw new Error(`WECHAT_TEMPLATES_INBOX: "${pair}" is not kind=template_id of a known kind`);
    templates[parsed.data] = template_id;
  }
  return templates;
}

/** The kinds sent with a template (several kinds may share one). */
export function kindsOf(templates: InboxTemplates, template_id: string): InboxKind[] {
  return INBOX_KINDS.filter((k) => templates[k] === template_id);
}
