/**
 * Text search without $text (the embedded database has none, DESIGN §3): products keep one normalised string of
 * everything a person may type, and a query is a conjunction of escaped regexes over it. Chinese has no spaces
 * between words, so a substring match is what a resident expects (搜 "鸡蛋" finds 土鸡蛋).
 */
import { escapeRegex } from '../platform/regex';

/** Full-width forms folded (ＡＢＣ１２３ → abc123, （）→ ()), lower case, runs of white space as one space. */
export function normalise(s: string): string {
  return s.normalize('NFKC').toLowerCase().replace(/\s+/g, ' ').trim();
}

export function searchTextOf(parts: (string | null | undefined)[]): string {
  return normalise(parts.filter(Boolean).join(' '));
}

/** Every word of the query must occur in search_text. */
export function textFilter(q: string): Record<string, unknown> | null {
  const terms = [...new Set(normalise(q).split(' ').filter(Boolean))].slice(0, 8);
  if (terms.length === 0) return null;
  return { $and: terms.map((t) => ({ search_text: { $regex: escapeRegex(t) } })) };
}
