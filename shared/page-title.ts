// A page's own title without the site's name and section trail ("Obama admits … - BBC News" → "Obama
// admits …"), from what the page declares: <title>, og:title, og:site_name, application-name and its main
// <h1>. Documents and issues (Google, Microsoft, Notion, GitHub, GitLab, Jira, Linear, Confluence) get their
// app's clean title from shared/documents.ts. Pure: the page is read elsewhere (extension/capture/page-reader).
import { type DocumentInfo, identifyDocument } from './documents';
import { cleanLine } from './text';

/** What a page says about itself, as read by the capture's injected script (all optional but url/title). */
export interface PageFacts {
  url: string;
  /** document.title as the page set it. */
  title: string;
  siteName?: string;
  applicationName?: string;
  ogTitle?: string;
  /** The main heading (the first h1 of <main>/<article>, else of the page). */
  h1?: string;
}

/** Separators sites put between a title and their name or section, longest first. */
const SEPARATORS = [' | ', ' — ', ' – ', ' - ', ' · ', ' • ', ' :: ', ' : ', ' » ', ' // ', ': '];

/** Titles that name no page: a title made of these alone is replaced by og:title or the h1. */
const GENERIC = new Set([
  '',
  'home',
  'home page',
  'homepage',
  'index',
  'untitled',
  'untitled document',
  'untitled page',
  'no title',
  'document',
  'page',
  'loading',
  'loading...',
  'loading…',
  'new tab',
  'welcome',
  'react app',
  'vite app',
  'vite + react + ts',
  'vite + react',
  'nuxt app',
  'next.js',
  'app',
  'dashboard',
  'title',
]);

/** Letters and digits only, lower case, without accents or a leading "the" ("The Washington Post" ≈ "washingtonpost"). */
const norm = (text: string) =>
  text
    .toLowerCase()
    .normalize('NFKD')
    .replace(/[\u0300-\u036f]/g, '')
    .replace(/^the\s+/, '')
    .replace(/[^\p{L}\p{N}]+/gu, '');

/** Labels of a host that can stand for the site: "www.bbc.co.uk" → ["bbc"], "news.ycombinator.com" → [...]. */
function hostLabels(url: string): string[] {
  let host: string;
  try {
    host = new URL(url).hostname.toLowerCase();
  } catch {
    return [];
  }
  const parts = host.split('.').filter((p) => !/^(www\d*|m|mobile|amp|en|blog|blogs|docs|news)$/.test(p));
  // Public suffixes are not names: drop the TLD and second-level suffixes like co.uk, com.au.
  const labels = parts.slice(0, -1).filter((p) => !/^(co|com|org|net|gov|ac|edu|ne|or)$/.test(p) || parts.length <= 2);
  return [...new Set([...labels, host.replace(/^www\./, '')])].filter((l) => l.length >= 2);
}

/** Does a title segment name the site rather than the page? */
function isSiteName(segment: string, names: string[], labels: string[]): boolean {
  const value = norm(segment);
  if (!value) return true;
  if (segment.split(/\s+/).length > 6) return false;
  for (const name of names) {
    const n = norm(name);
    if (n && (value === n || (n.length >= 3 && value.startsWith(n)) || (value.length >= 3 && n.startsWith(value))))
      return true;
  }
  for (const label of labels) {
    const l = norm(label);
    if (!l) continue;
    if (value === l || value === norm(label.split('.')[0] ?? '')) return true;
    // "The Guardian" on theguardian.com, "BBC News" on bbc.co.uk, "Stack Overflow" on stackoverflow.com.
    if (l.length >= 3 && (value.startsWith(l) || (value.length >= 4 && l.includes(value)))) return true;
  }
  return false;
}

const isUrlLike = (text: string) => /^(https?:\/\/|www\.)\S+$/i.test(text) || /^[\w-]+(\.[\w-]+)+(\/\S*)?$/.test(text);

/** A title that says nothing about the page: empty, generic, a URL, or only the site's name. */
export function isGenericTitle(title: string, facts: Pick<PageFacts, 'url' | 'siteName' | 'applicationName'>): boolean {
  const clean = cleanLine(title);
  const lower = clean.toLowerCase();
  if (GENERIC.has(lower) || GENERIC.has(lower.replace(/[.…!\s]+$/, ''))) return true;
  if (isUrlLike(clean)) return true;
  const names = [facts.siteName, facts.applicationName].filter((n): n is string => !!n);
  const value = norm(clean);
  if (names.some((n) => norm(n) === value)) return true;
  return hostLabels(facts.url).some((l) => norm(l) === value);
}

/** Split at the first/last occurrence of any separator: [rest, segment] for the end, [segment, rest] for the start. */
function splitEnd(title: string): { rest: string; segment: string; separator: string } | null {
  let best: { rest: string; segment: string; separator: string } | null = null;
  for (const separator of SEPARATORS) {
    if (separator === ': ') continue;
    const at = title.lastIndexOf(separator);
    if (at <= 0) continue;
    if (!best || at > best.rest.length)
      best = { rest: title.slice(0, at), segment: title.slice(at + separator.length), separator };
  }
  return best;
}

function splitStart(title: string): { rest: string; segment: string; separator: string } | null {
  let best: { rest: string; segment: string; separator: string } | null = null;
  for (const separator of SEPARATORS) {
    const at = title.indexOf(separator);
    if (at <= 0) continue;
    if (!best || at < best.segment.length)
      best = { segment: title.slice(0, at), rest: title.slice(at + separator.length), separator };
  }
  return best;
}

/** A short label, like a section, author or category in a title's trail ("Environment", "Eleanor Ainge Roy"). */
const isTrailLabel = (segment: string) => segment.length <= 32 && segment.split(/\s+/).length <= 4;

/** A section or category name: a few capitalised words ("Web APIs", "Azure Storage", "Electronics"). */
const isSectionLabel = (segment: string) =>
  segment.length <= 24 && segment.split(/\s+/).length <= 3 && /^[\p{Lu}\d]/u.test(segment) && !/[.?!]$/.test(segment);

/** The title with the site's name and the section trail taken off either end. */
export function stripSiteName(title: string, facts: Pick<PageFacts, 'url' | 'siteName' | 'applicationName'>): string {
  const names = [facts.siteName, facts.applicationName].filter((n): n is string => !!n?.trim());
  const labels = hostLabels(facts.url);
  let clean = cleanLine(title);
  let stripped = false;
  let trailSeparator: string | null = null;
  for (let i = 0; i < 4; i++) {
    const end = splitEnd(clean);
    if (end?.rest.trim() && isSiteName(end.segment, names, labels)) {
      clean = end.rest.trim();
      stripped = true;
      trailSeparator = end.separator;
      continue;
    }
    const start = splitStart(clean);
    if (start?.rest.trim() && isSiteName(start.segment, names, labels)) {
      clean = start.rest.trim();
      stripped = true;
      continue;
    }
    break;
  }
  // "Title | Author | Section | Site": once the site was at the end, short labels behind the title with the
  // same separator are its trail.
  if (stripped && trailSeparator) {
    const parts = clean.split(trailSeparator);
    if (parts.length >= 3 || (parts.length === 2 && trailSeparator === ' | ')) {
      const [head = '', ...trail] = parts;
      if (trail.every(isTrailLabel) && head.length > Math.max(...trail.map((t) => t.length))) clean = head.trim();
    }
  }
  // "Fetch API - Web APIs | MDN": one short section label behind the title, with another separator.
  const end = stripped ? splitEnd(clean) : null;
  if (end && end.separator !== trailSeparator && isSectionLabel(end.segment) && end.rest.length >= end.segment.length)
    clean = end.rest.trim();
  return clean;
}

/** Is `candidate` the title itself, or the title at one end of `title` cut at a separator? */
function segmentOf(title: string, candidate: string): boolean {
  if (!candidate || candidate.length < 2) return false;
  if (title === candidate) return true;
  return SEPARATORS.some((s) => title.startsWith(candidate + s) || title.endsWith(s + candidate));
}

/** The page's own title, without site name and trail; og:title or the h1 when the title is empty or generic. */
export function cleanPageTitle(facts: PageFacts): string {
  const title = cleanLine(facts.title);
  const og = cleanLine(facts.ogTitle);
  const h1 = cleanLine(facts.h1);
  if (isGenericTitle(title, facts)) {
    for (const candidate of [og, h1]) {
      if (candidate && !isGenericTitle(candidate, facts)) return stripSiteName(candidate, facts);
    }
    return title && !isUrlLike(title) ? title : '';
  }
  const stripped = stripSiteName(title, facts) || title;
  // The page's own name for itself, when the title is that name plus the site's or a category: the surest cut.
  for (const candidate of [og, h1]) {
    if (!candidate || candidate === title || isGenericTitle(candidate, facts)) continue;
    if (segmentOf(title, candidate) || segmentOf(stripped, candidate)) return stripSiteName(candidate, facts);
  }
  return stripped;
}

/** The title a capture of the page gets, and what the page is when it is a document or an issue. */
export function captureTitle(facts: PageFacts): { title: string; document: DocumentInfo | null } {
  const raw = cleanLine(facts.title);
  // An empty or generic <title> says nothing even to the document rules: give them the page's own name.
  const named = isGenericTitle(raw, facts) ? cleanLine(facts.ogTitle) || cleanLine(facts.h1) || raw : raw;
  const document = identifyDocument(facts.url, named);
  if (document) return { title: cleanLine(document.title), document };
  return { title: cleanPageTitle(facts), document: null };
}
