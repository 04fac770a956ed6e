// URLs: a canonical form for "same source" detection, project URL rules (domain / prefix / docId), links
// that scroll to a quote (Text Fragments), and which tabs can be captured at all. Nothing here throws.

export interface UrlRule {
  kind: 'domain' | 'prefix' | 'docId';
  value: string;
}

/** Query parameters that only track the visitor; dropped by `canonicalUrl`. `utm_*` are dropped as a family. */
export const TRACKING_PARAMS: ReadonlySet<string> = new Set([
  'fbclid',
  'gclid',
  'gclsrc',
  'dclid',
  'gbraid',
  'wbraid',
  'msclkid',
  'yclid',
  'twclid',
  'ttclid',
  'li_fat_id',
  'mc_cid',
  'mc_eid',
  'igshid',
  'igsh',
  'ref_src',
  'ref_url',
  '_hsenc',
  '_hsmkt',
  '__hssc',
  '__hstc',
  '__hsfp',
  'hsctatracking',
  'mkt_tok',
  'spm',
  'si',
  '_ga',
  '_gl',
  'oly_anon_id',
  'oly_enc_id',
  'vero_id',
  'vero_conv',
  'wickedid',
  'rb_clickid',
  's_cid',
  'cmpid',
  'ncid',
  'sr_share',
]);

const isTrackingParam = (name: string): boolean => {
  const lower = name.toLowerCase();
  return lower.startsWith('utm_') || TRACKING_PARAMS.has(lower);
};

/** Google Docs / Sheets / Slides / Forms / Drawings and Drive files: the id is the document. */
const GOOGLE_DOC_PATH = /^\/(document|spreadsheets|presentation|forms|drawings)(?:\/u\/\d+)?\/d\/([A-Za-z0-9_-]{10,})/;
const DRIVE_FILE_PATH = /^\/file(?:\/u\/\d+)?\/d\/([A-Za-z0-9_-]{10,})/;

function parse(url: string): URL | null {
  try {
    return new URL(url.trim());
  } catch {
    return null;
  }
}

function safeDecode(value: string): string {
  try {
    return decodeURIComponent(value.replace(/\+/g, ' '));
  } catch {
    return value;
  }
}

/**
 * The form two URLs of the same resource share: lower-case host, no default port, no fragment, no tracking
 * parameters, remaining parameters sorted by name (values keep their order and their original encoding),
 * no trailing slash except on the root path. Google Docs/Sheets/Slides and Drive files reduce to
 * `https://docs.google.com/document/d/<id>` (or `drive.google.com/file/d/<id>`). Non-http(s) URLs only lose
 * their fragment; unparsable input is returned unchanged.
 */
export function canonicalUrl(url: string): string {
  const parsed = parse(url);
  if (!parsed) return url;
  const hash = parsed.hash;
  parsed.hash = '';
  if (parsed.protocol !== 'http:' && parsed.protocol !== 'https:') return parsed.href;

  const host = parsed.hostname.toLowerCase();
  if (host === 'mail.google.com') {
    // The thread lives in the fragment; "#all/<id>" keeps opening it after it leaves the inbox.
    const thread = /^#[^/]+(?:\/[^/]+)*\/([A-Za-z0-9]{16,})$/.exec(hash);
    const account = /^\/mail\/u\/(\d+)/.exec(parsed.pathname)?.[1] ?? '0';
    if (thread) return `https://mail.google.com/mail/u/${account}/#all/${thread[1]}`;
  }
  if (host === 'docs.google.com') {
    const doc = GOOGLE_DOC_PATH.exec(parsed.pathname);
    if (doc) return `https://docs.google.com/${doc[1]}/d/${doc[2]}`;
  }
  if (host === 'drive.google.com') {
    const file = DRIVE_FILE_PATH.exec(parsed.pathname);
    if (file) return `https://drive.google.com/file/d/${file[1]}`;
  }

  const pairs = parsed.search
    .slice(1)
    .split('&')
    .filter((pair) => pair !== '')
    .map((pair) => {
      const eq = pair.indexOf('=');
      return { name: safeDecode(eq === -1 ? pair : pair.slice(0, eq)), raw: pair };
    })
    .filter((pair) => !isTrackingParam(pair.name));
  // Array#sort is stable: repeated names keep their relative order.
  pairs.sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
  parsed.search = pairs.length ? `?${pairs.map((pair) => pair.raw).join('&')}` : '';

  if (parsed.pathname.length > 1 && parsed.pathname.endsWith('/')) {
    parsed.pathname = parsed.pathname.replace(/\/+$/, '') || '/';
  }
  return parsed.href;
}

/** A rule's domain as a bare lower-case host: accepts "Example.com", "*.example.com", "https://www.example.com/x". */
function ruleDomain(value: string): string {
  let domain = value.trim().toLowerCase();
  domain = domain.replace(/^[a-z][a-z0-9+.-]*:\/\//, '');
  domain = domain.replace(/[/?#].*$/, '');
  domain = domain.replace(/:\d+$/, '');
  domain = domain.replace(/^\*\./, '').replace(/^\.+/, '').replace(/\.+$/, '');
  return domain.replace(/^www\./, '');
}

/** Scheme-less, `www.`-less canonical form used to compare prefixes: `github.com/acme/repo?x=1`. */
function prefixForm(url: string): string | null {
  const parsed = parse(/^[a-z][a-z0-9+.-]*:\/\//i.test(url.trim()) ? url : `https://${url.trim()}`);
  if (!parsed || (parsed.protocol !== 'http:' && parsed.protocol !== 'https:')) return null;
  const canonical = canonicalUrl(parsed.href);
  return canonical.replace(/^https?:\/\//, '').replace(/^www\./, '');
}

/** A document id from a rule value: either the id itself or a Google Docs/Drive URL containing it. */
function ruleDocId(value: string): string {
  const trimmed = value.trim();
  const parsed = /^https?:\/\//i.test(trimmed) ? parse(trimmed) : null;
  if (parsed) {
    const match = GOOGLE_DOC_PATH.exec(parsed.pathname) ?? DRIVE_FILE_PATH.exec(parsed.pathname);
    if (match) return match[match.length - 1] as string;
  }
  return trimmed;
}

/**
 * Does `url` fall under `rule`?
 * - domain: the host is the domain or one of its sub-domains (`www.` and `*.` in the rule are ignored).
 * - prefix: the URL, compared without scheme, `www.`, fragment or tracking parameters, starts with the prefix
 *   at a path boundary (`github.com/acme` matches `github.com/acme/site` but not `github.com/acme-corp`).
 * - docId: the id is a whole path segment or a query parameter value (`/document/d/<id>/edit`, `?id=<id>`);
 *   the rule may hold the document's URL instead of the bare id.
 */
export function matchesUrlRule(rule: UrlRule, url: string): boolean {
  const parsed = parse(url);
  if (!parsed || (parsed.protocol !== 'http:' && parsed.protocol !== 'https:')) return false;
  switch (rule.kind) {
    case 'domain': {
      const domain = ruleDomain(rule.value);
      if (!domain) return false;
      const host = parsed.hostname.toLowerCase().replace(/\.$/, '');
      return host === domain || host.endsWith(`.${domain}`);
    }
    case 'prefix': {
      const prefix = prefixForm(rule.value);
      const target = prefixForm(parsed.href);
      if (!prefix || !target) return false;
      if (target === prefix || `${target}/` === prefix) return true;
      if (!target.startsWith(prefix)) return false;
      if (/[/?&=#]$/.test(prefix)) return true;
      return '/?#&'.includes(target[prefix.length] as string);
    }
    case 'docId': {
      const id = ruleDocId(rule.value);
      if (!id) return false;
      if (parsed.pathname.split('/').some((segment) => safeDecode(segment) === id)) return true;
      for (const value of parsed.searchParams.values()) if (value === id) return true;
      return false;
    }
    default:
      return false;
  }
}

/** How specific a matching rule is: a document beats a prefix beats a domain; longer values beat shorter. */
function ruleScore(rule: UrlRule): number {
  const length = Math.min(rule.value.trim().length, 999);
  return rule.kind === 'docId' ? 3000 + length : rule.kind === 'prefix' ? 2000 + length : 1000 + length;
}

/**
 * The ids of the non-archived projects with a rule matching `url`, most specific match first (ties keep the
 * order of `projects`).
 */
export function projectsForUrl(
  projects: readonly { id: string; urlRules: readonly UrlRule[]; archived: boolean }[],
  url: string,
): string[] {
  const scored: { id: string; score: number; index: number }[] = [];
  projects.forEach((project, index) => {
    if (project.archived) return;
    let best = 0;
    for (const rule of project.urlRules) {
      if (matchesUrlRule(rule, url)) best = Math.max(best, ruleScore(rule));
    }
    if (best > 0) scored.push({ id: project.id, score: best, index });
  });
  scored.sort((a, b) => b.score - a.score || a.index - b.index);
  return scored.map((entry) => entry.id);
}

/** Quotes up to this many words (and characters) are linked whole; longer ones as `start,end`. */
const EXACT_MAX_WORDS = 10;
const EXACT_MAX_CHARS = 120;
const RANGE_WORDS = 5;

/** Percent-encodes a Text Fragments term: `encodeURIComponent` plus `-` (and `,` / `&`, already encoded). */
function encodeTextTerm(text: string): string {
  return encodeURIComponent(text).replace(/-/g, '%2D');
}

/**
 * A link that scrolls to and highlights `quote` on the page (`url#:~:text=…`). Short quotes are matched whole;
 * longer ones as `textStart,textEnd` from their first and last words. An existing fragment is kept (the
 * directive follows it), an existing text directive replaced. An empty quote returns `url` unchanged.
 */
export function textFragmentUrl(url: string, quote: string): string {
  const words = quote.replace(/\s+/g, ' ').trim().split(' ').filter(Boolean);
  if (words.length === 0) return url;
  const hashAt = url.indexOf('#');
  const base = hashAt === -1 ? url : url.slice(0, hashAt);
  const fragment = hashAt === -1 ? '' : url.slice(hashAt + 1).split(':~:')[0];
  const whole = words.join(' ');
  // Start and end must not overlap: at most half of the words each.
  const edge = Math.min(RANGE_WORDS, Math.floor(words.length / 2));
  const directive =
    (words.length <= EXACT_MAX_WORDS && whole.length <= EXACT_MAX_CHARS) || edge === 0
      ? encodeTextTerm(whole)
      : `${encodeTextTerm(words.slice(0, edge).join(' '))},${encodeTextTerm(words.slice(-edge).join(' '))}`;
  return `${base}#${fragment}:~:text=${directive}`;
}

/** Pages a capture can point to: http, https and file URLs (not chrome://, about:, extension or view-source pages). */
export function isCapturableUrl(url: string | null | undefined): boolean {
  if (!url) return false;
  const parsed = parse(url);
  return (
    parsed !== null && (parsed.protocol === 'http:' || parsed.protocol === 'https:' || parsed.protocol === 'file:')
  );
}
