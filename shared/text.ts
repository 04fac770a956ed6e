// Captured text made safe to store, sync and show: control characters, NUL and lone surrogates removed
// (the sync server refuses lone surrogates), bidi overrides and invisible zero-width characters taken out of
// titles (they let a page reorder or hide what a title says), and cuts that never split a surrogate pair.
// Pure and framework-free: used by the background, the capture pipeline and the mail content script.

/** Bidi embeddings, overrides and isolates, and the invisible direction marks (LRM, RLM, ALM). */
const BIDI_CONTROLS = /[\u202A-\u202E\u2066-\u2069\u200E\u200F\u061C]/g;
/** Zero-width space, word joiner, BOM, Mongolian vowel separator, invisible operators and soft hyphen. */
const INVISIBLES = /[\u200B\u2060-\u2064\uFEFF\u180E\u00AD]/g;
/**
 * ZWNJ and ZWJ carry meaning inside Persian, Arabic and Indic words and emoji sequences (👩‍💻): kept between
 * two non-Latin letters or after an emoji / variation selector, removed anywhere else.
 */
const JOINERS = /(?<!\p{Extended_Pictographic}|\p{Emoji_Modifier}|\uFE0F)\u200D|(?<!\p{L})\u200C|\u200C(?!\p{L})/gu;
const LATIN_JOINER = /(?<=[A-Za-z\u00C0-\u024F])[\u200C\u200D]|[\u200C\u200D](?=[A-Za-z\u00C0-\u024F])/g;
/** C0 and C1 control characters, DEL, and the line/paragraph separators. */
// biome-ignore lint/suspicious/noControlCharactersInRegex: matching control characters is the point
const CONTROLS = /[\u0000-\u0008\u000B\u000C\u000E-\u001F\u007F-\u009F]/g;
const LONE_SURROGATES = /[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/g;

/** Text with its controls, NUL and lone surrogates removed; line breaks and tabs kept (normalised to \n). */
export function cleanText(text: string | null | undefined): string {
  return (text ?? '')
    .replace(LONE_SURROGATES, '')
    .replace(/\r\n?|[\u2028\u2029\u0085]/g, '\n')
    .replace(CONTROLS, '')
    .replace(BIDI_CONTROLS, '')
    .replace(INVISIBLES, '')
    .replace(LATIN_JOINER, '')
    .replace(JOINERS, '');
}

/** One line of text for a title, name or label: cleaned, whitespace collapsed, trimmed. */
export function cleanLine(text: string | null | undefined): string {
  return cleanText(text).replace(/\s+/g, ' ').trim();
}

/** A block of text (an excerpt, a description): cleaned, runs of blank lines and spaces collapsed, trimmed. */
export function cleanBlock(text: string | null | undefined): string {
  return cleanText(text)
    .replace(/[^\S\n]+/g, ' ')
    .replace(/ ?\n ?/g, '\n')
    .replace(/\n{3,}/g, '\n\n')
    .trim();
}

/** The first `max` UTF-16 units of a text, one fewer when the cut would split a surrogate pair. */
export function clipUnits(text: string, max: number): string {
  if (text.length <= max) return text;
  let end = Math.max(0, max);
  const last = text.charCodeAt(end - 1);
  if (last >= 0xd800 && last <= 0xdbff) end -= 1;
  return text.slice(0, end);
}

/** A text shortened to at most `max` units with an ellipsis, at a word boundary when one is near. */
export function clipWords(text: string, max: number): string {
  if (text.length <= max) return text;
  const cut = clipUnits(text, max - 1);
  const space = cut.lastIndexOf(' ');
  return `${(space > max / 2 ? cut.slice(0, space) : cut).trimEnd()}…`;
}
