/** Text a person typed, as a regex matching it literally (searches are regexes: no $text on the embedded server). */
export function escapeRegex(s: string): string {
  return s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}
