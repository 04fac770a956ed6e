// Shared pieces of the e-mail extractors: the captured shape and DOM helpers that do not depend on class names.

/** The Source schema's EXCERPT_MAX, repeated so the content script does not bundle zod (a test keeps them equal). */
export const EXCERPT_MAX = 2000;

/** What an extractor reads from an open e-mail in Gmail or Outlook on the web. */
export interface EmailCapture {
  app: 'Gmail' | 'Outlook';
  subject: string;
  fromName: string;
  fromAddress: string;
  /** ISO instant when the page's date could be parsed, else the date as shown; null when not found. */
  date: string | null;
  /** The app's id of the captured message, when the page exposes one. */
  messageId: string | null;
  /** The app's id of the thread or item, as used in `url`. */
  threadId: string | null;
  /** A link that reopens the thread wherever it was filed since. */
  url: string;
  /** The last open message's text, whitespace-collapsed and at most EXCERPT_MAX characters. */
  excerpt: string;
}

export type Extractor = (doc: Document, url: string) => EmailCapture | null;

export const collapse = (text: string | null | undefined): string => (text ?? '').replace(/\s+/g, ' ').trim();

const ADDRESS = /[^\s<>"'()@,;:]+@[^\s<>"'()@,;:]+\.[^\s<>"'()@,;:]+/;

/** The first e-mail address in a text, or ''. */
export function findAddress(text: string | null | undefined): string {
  return ADDRESS.exec(text ?? '')?.[0] ?? '';
}

/** "Ann Lee <ann@x.com>" → { name, address }; a bare address gives its local part as the name. */
export function splitSender(text: string): { name: string; address: string } {
  const address = findAddress(text);
  const name = collapse(
    text
      .replace(/<[^>]*>/g, '')
      .replace(address, '')
      .replace(/^(from|sender)\s*:\s*/i, ''),
  );
  return { name: name.replace(/^["']|["']$/g, '') || address.split('@')[0] || '', address };
}

/** A date as an ISO instant when it parses, else the text as shown (Gmail writes "Nov 25, 2026, 9:14 AM"). */
export function normaliseDate(text: string | null | undefined): string | null {
  const value = collapse(text).replace(/\s*\(.*\)\s*$/, '');
  if (!value) return null;
  const parsed = Date.parse(value.replace(/\s+at\s+/i, ' ').replace(/,(?=\s*\d{1,2}:\d{2})/, ''));
  return Number.isNaN(parsed) ? value.slice(0, 100) : new Date(parsed).toISOString();
}

const SKIP_TAGS = new Set(['SCRIPT', 'STYLE', 'NOSCRIPT', 'TEMPLATE']);

/** Scripts, styles and hidden parts: not text the reader sees (a cheap test, run on every element). */
const skipped = (element: Element): boolean =>
  SKIP_TAGS.has(element.tagName.toUpperCase()) ||
  element.getAttribute('aria-hidden') === 'true' ||
  element.hasAttribute('hidden');

const BLOCKS = new Set([
  'ADDRESS',
  'BLOCKQUOTE',
  'BR',
  'DD',
  'DIV',
  'DL',
  'DT',
  'H1',
  'H2',
  'H3',
  'H4',
  'H5',
  'H6',
  'HR',
  'LI',
  'OL',
  'P',
  'PRE',
  'SECTION',
  'TABLE',
  'TD',
  'TH',
  'TR',
  'UL',
]);

/** Visible-ish text of an element: scripts, styles and hidden parts left out, blocks separated, whitespace collapsed. */
export function textOf(element: Element | null | undefined): string {
  if (!element) return '';
  const parts: string[] = [];
  const walk = (node: Node) => {
    if (node.nodeType === 3) {
      parts.push(node.nodeValue ?? '');
      return;
    }
    if (node.nodeType !== 1) return;
    const el = node as Element;
    if (skipped(el)) return;
    const block = BLOCKS.has(el.tagName.toUpperCase());
    if (block) parts.push(' ');
    for (const child of Array.from(el.childNodes)) walk(child);
    if (block) parts.push(' ');
  };
  walk(element);
  return collapse(parts.join(''));
}

export function clipExcerpt(text: string): string {
  const value = collapse(text);
  if (value.length <= EXCERPT_MAX) return value;
  return `${value.slice(0, EXCERPT_MAX - 1).trimEnd()}…`;
}

/** Text length of every element under `root` (hidden parts left out), in one pass. */
function textLengths(root: Element): Map<Element, number> {
  const lengths = new Map<Element, number>();
  const walk = (node: Node): number => {
    if (node.nodeType === 3) return (node.nodeValue ?? '').replace(/\s+/g, ' ').length;
    if (node.nodeType !== 1) return 0;
    const element = node as Element;
    if (skipped(element)) return 0;
    let total = 0;
    for (const child of Array.from(element.childNodes)) total += walk(child);
    lengths.set(element, total);
    return total;
  };
  walk(root);
  return lengths;
}

/**
 * The body of a message without knowing its class names: the element with the most text that does not
 * contain the sender's header (`header`), nor any toolbar or button.
 */
export function largestTextBlock(message: Element, header: Element | null): Element | null {
  const lengths = textLengths(message);
  let best: Element | null = null;
  let bestLength = 0;
  for (const element of Array.from(message.querySelectorAll('div, td, article, section, blockquote'))) {
    const length = lengths.get(element) ?? 0;
    if (length <= bestLength) continue;
    if (header && (element.contains(header) || header.contains(element))) continue;
    if (element.closest('[role="toolbar"], [role="button"], [role="menu"], button, [aria-hidden="true"]')) continue;
    best = element;
    bestLength = length;
  }
  return best && textOf(best) ? best : null;
}
