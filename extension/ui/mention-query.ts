// The "@partial" before the caret in a comment field, which opens the member autocomplete.

/** The "@partial" being typed just before the caret, if any: where it starts and what is typed so far. */
export function mentionQuery(text: string, caret: number): { start: number; query: string } | null {
  const before = text.slice(0, caret);
  const match = /(^|[^\p{L}\p{N}_])@([^\s@]{0,40})$/u.exec(before);
  if (!match) return null;
  return { start: caret - (match[2] ?? '').length - 1, query: match[2] ?? '' };
}
