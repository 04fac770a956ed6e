// Shared pieces of the e-mail extractors: the captured shape, DOM helpers that do not depend on class names,
// what a reader does not see (scripts, hidden and CSS-hidden parts), and the schema's lengths every field is
// cut to before it is sent (a longer one would make the e-mail impossible to capture).
import { cleanLine, clipUnits } from '@@/shared/text';

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

/** One line of page text: controls, bidi overrides and zero-width characters removed, whitespace collapsed. */
export const collapse = (text: string | null | undefined): string => cleanLine(text);

/** The lengths of emailCaptureSchema (extension/capture/email.ts), repeated so this bundle needs no zod. */
export const EMAIL_LIMITS = {
  subject: 1000,
  fromName: 300,
  fromAddress: 320,
  date: 100,
  messageId: 500,
  threadId: 500,
  url: 4096,
} as const;

/** An extracted e-mail cut to the schema's lengths: a hostile 400-character name still captures. */
export function fitEmail(email: EmailCapture): EmailCapture {
  const cut = (text: string, max: number) => {
    const clipped = clipUnits(text, max);
    return clipped.length < text.length ? `${clipUnits(clipped, max - 1).trimEnd()}…` : clipped;
  };
  const optional = (text: string | null, max: number) => (text === null ? null : clipUnits(text, max));
  return {
    ...email,
    subject: cut(email.subject, EMAIL_LIMITS.subject),
    fromName: cut(email.fromName, EMAIL_LIMITS.fromName),
    // A cut address is no address: better none than a wrong one.
    fromAddress: email.fromAddress.length <= EMAIL_LIMITS.fromAddress ? email.fromAddress : '',
    date: optional(email.date, EMAIL_LIMITS.date),
    messageId: optional(email.messageId, EMAIL_LIMITS.messageId),
    threadId: optional(email.threadId, EMAIL_LIMITS.threadId),
    excerpt: clipExcerpt(email.excerpt),
  };
}

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

/** Inline styles that hide text from the reader while it stays in the DOM (pre-headers, zero-size text). */
const HIDING_STYLE =
  /(^|;)\s*(display\s*:\s*none|visibility\s*:\s*(hidden|collapse)|opacity\s*:\s*0(\.0*)?\s*(;|$|!)|font-size\s*:\s*0(px|em|rem|pt|%)?\s*(;|$|!)|(max-)?height\s*:\s*0(px)?\s*(;|$|!)|color\s*:\s*transparent)/i;

const HIDING_RULE =
  /(^|;)\s*(display\s*:\s*none|visibility\s*:\s*(hidden|collapse)|opacity\s*:\s*0(\.0*)?\s*(;|$|!)|font-size\s*:\s*0(px|em|rem|pt|%)?\s*(;|$|!)|max-height\s*:\s*0(px)?\s*(;|$|!))/i;

/**
 * Selectors of the page's style rules that hide text (".preheader { display: none }"), read once per second
 * at most: matching a few selectors is far cheaper than a computed style for every element of a newsletter.
 */
const hidingCache = new WeakMap<Document, { at: number; selectors: string[] }>();
function hidingSelectors(doc: Document): string[] {
  const cached = hidingCache.get(doc);
  if (cached && Date.now() - cached.at < 1000) return cached.selectors;
  const selectors: string[] = [];
  const visit = (rules: CSSRuleList) => {
    for (const rule of Array.from(rules)) {
      const style = (rule as CSSStyleRule).style;
      const selector = (rule as CSSStyleRule).selectorText;
      if (selector && style && HIDING_RULE.test(style.cssText)) selectors.push(selector);
      const nested = (rule as CSSMediaRule).cssRules;
      if (nested) visit(nested);
    }
  };
  for (const sheet of Array.from(doc.styleSheets ?? [])) {
    try {
      visit(sheet.cssRules);
    } catch {
      // A cross-origin style sheet cannot be read; mail bodies bring their styles inline.
    }
  }
  hidingCache.set(doc, { at: Date.now(), selectors });
  return selectors;
}

/** Hidden by its style: inline, or by a rule of the page's style sheets. */
function styleHides(element: Element): boolean {
  const inline = element.getAttribute('style');
  if (inline && HIDING_STYLE.test(inline)) return true;
  if (!element.hasAttribute('class') && !element.hasAttribute('id')) return false;
  const doc = element.ownerDocument;
  if (!doc) return false;
  return hidingSelectors(doc).some((selector) => {
    try {
      return element.matches(selector);
    } catch {
      return false;
    }
  });
}

/** Scripts, styles, hidden and CSS-hidden parts: not text the reader sees (run on every element). */
const skipped = (element: Element): boolean =>
  SKIP_TAGS.has(element.tagName.toUpperCase()) ||
  element.getAttribute('aria-hidden') === 'true' ||
  element.hasAttribute('hidden') ||
  styleHides(element);

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
  return `${clipUnits(value, EXCERPT_MAX - 1).trimEnd()}…`;
}

/** Is `node` inside any of `areas` (message bodies, say)? */
export const insideAny = (node: Node, areas: Element[]): boolean => areas.some((area) => area.contains(node));

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
