/**
 * Search tokens of agricultural posts (DESIGN §3: no $text on the embedded server). Chinese is written without
 * spaces, so a post keeps its words (runs of letters and digits) plus every CJK character pair (bigram) of what a
 * person may type; short names (variety, category, places) also keep single characters, so 搜「梨」 finds 香梨. A
 * query matches when all of its tokens are among the post's (an indexed `$all`).
 */
import { normalise } from '../catalog/text';

const CJK = /[\u3400-\u9fff\uf900-\ufaff]/u;
const RUNS = /[\u3400-\u9fff\uf900-\ufaff]+|[a-z0-9]+/gu;
/** Bound of one post's token array (a 400-character note makes about 400 bigrams). */
const TOKENS_MAX = 600;

function tokensOfRun(run: string, unigrams: boolean): string[] {
  if (!CJK.test(run)) return [run];
  const chars = [...run];
  if (chars.length === 1) return chars;
  const out: string[] = unigrams ? [...chars] : [];
  for (let i = 0; i + 1 < chars.length; i++) out.push(chars[i]! + chars[i + 1]!);
  return out;
}

function tokensOf(text: string | null | undefined, unigrams: boolean): string[] {
  if (!text) return [];
  return (normalise(text).match(RUNS) ?? []).flatMap((run) => tokensOfRun(run, unigrams));
}

/** A post's tokens: names with single characters too, longer texts by pairs only. */
export function postTokens(names: (string | null | undefined)[], texts: (string | null | undefined)[]): string[] {
  const all = new Set([...names.flatMap((n) => tokensOf(n, true)), ...texts.flatMap((t) => tokensOf(t, false))]);
  return [...all].slice(0, TOKENS_MAX);
}

/** A query's tokens: a single CJK character stays one, longer runs become pairs (at most 8, the first ones). */
export function queryTokens(q: string): string[] {
  return [...new Set(tokensOf(q, false))].slice(0, 8);
}

/** A place name as the region filter compares it. */
export const regionKey = (name: string) => normalise(name).replace(/\s+/g, '');
