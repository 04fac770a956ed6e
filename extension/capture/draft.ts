// Turns what the user right-clicked (page, selection, link, image) into a task title and a durable source:
// the page's own clean title (shared/page-title.ts), its description, the link's target, the image's alt
// text. All page text is cleaned (controls, bidi overrides, zero-width characters) and cut to the schema.
import { captureTitle } from '@@/shared/page-title';
import { DESCRIPTION_MAX, EXCERPT_MAX, type Source } from '@@/shared/schemas/source';
import { TITLE_MAX } from '@@/shared/schemas/task';
import { cleanBlock, cleanLine, clipUnits, clipWords } from '@@/shared/text';
import { canonicalUrl, textFragmentUrl } from '@@/shared/url';

/** What the capture's injected script read from the page (see page-reader.ts and enrich.ts). */
export interface PageContext {
  title?: string;
  ogTitle?: string;
  siteName?: string;
  applicationName?: string;
  h1?: string;
  description?: string;
  /** The clicked link's title attribute (often the target's own title). */
  linkTitle?: string;
  image?: { alt: string; title: string; caption: string };
}

export interface CaptureContext {
  /** What was clicked, as in contextMenus.OnClickData. */
  pageUrl?: string;
  frameUrl?: string;
  selectionText?: string;
  linkUrl?: string;
  linkText?: string;
  srcUrl?: string;
  mediaType?: string;
  /** Read from the page by the capture's injected script, when the click gave access to it. */
  page?: PageContext;
}

export interface CaptureTab {
  url?: string;
  title?: string;
  favIconUrl?: string;
}

export interface CaptureDraft {
  title: string;
  /**
   * For a selection: a title made of the quote itself. Used only where the quote is shared, since the title
   * is always synced; otherwise the task is titled by its page.
   */
  quoteTitle?: string;
  source: Source;
}

const SHORT_TITLE = 120;

/** The first line of a text, shortened at a word boundary. */
export function firstLine(text: string, max = SHORT_TITLE): string {
  const line = cleanLine(
    cleanBlock(text)
      .split('\n')
      .find((l) => l.trim()) ?? '',
  );
  return clipWords(line, max);
}

const isHttpish = (url: string | undefined): url is string => {
  if (!url) return false;
  try {
    return ['http:', 'https:', 'file:'].includes(new URL(url).protocol);
  } catch {
    return false;
  }
};

/** A readable name for a URL without a title: host and last path segment. */
export function titleFromUrl(url: string): string {
  try {
    const { hostname, pathname } = new URL(url);
    let last = pathname.split('/').filter(Boolean).pop() ?? '';
    try {
      last = decodeURIComponent(last);
    } catch {
      // A malformed escape: the segment as written.
    }
    last = cleanLine(last);
    return last ? `${last} (${hostname})` : hostname;
  } catch {
    return url;
  }
}

export class UncapturableError extends Error {
  constructor(url: string | undefined) {
    super(
      url
        ? `Waypoint can't capture this kind of page (${url.split(':')[0]}:). Try it on a web page.`
        : 'There is no page to capture here.',
    );
    this.name = 'UncapturableError';
  }
}

const title = (text: string) => clipWords(cleanLine(text), TITLE_MAX);
const line = (text: string | undefined, max: number) => clipUnits(cleanLine(text), max);

export function draftFromContext(context: CaptureContext, tab: CaptureTab, now: Date): CaptureDraft {
  const url = context.pageUrl ?? tab.url;
  if (!isHttpish(url)) throw new UncapturableError(url);
  const page = context.page ?? {};
  // The raw title as the page set it (the injected script's reading, else the tab's) stays in the source.
  const pageTitle = line(page.title || tab.title, 1000);
  const favIconUrl = isHttpish(tab.favIconUrl) ? tab.favIconUrl : undefined;
  const base = { url, pageTitle, capturedAt: now.toISOString(), ...(favIconUrl ? { favIconUrl } : {}) };
  const named = captureTitle({
    url,
    title: pageTitle,
    ogTitle: page.ogTitle,
    siteName: page.siteName,
    applicationName: page.applicationName,
    h1: page.h1,
  });
  const pageName = named.title || titleFromUrl(url);

  const selection = cleanBlock(context.selectionText);
  if (selection) {
    const excerpt = clipUnits(selection, EXCERPT_MAX);
    // A text-fragment link scrolls the source to the quote when it is opened again.
    return {
      title: title(pageName),
      quoteTitle: title(firstLine(selection) || pageName),
      source: { ...base, kind: 'selection', excerpt, fragmentUrl: textFragmentUrl(url, selection) },
    };
  }
  if (isHttpish(context.linkUrl)) {
    // The link's target is the source; the page it was found on is kept as its context.
    const linkText = line(context.linkText, 1000);
    const linkTitle = line(page.linkTitle, 1000);
    const name = firstLine(linkText) || linkTitle || titleFromUrl(context.linkUrl);
    return {
      title: title(name),
      source: {
        ...base,
        kind: 'link',
        url: context.linkUrl,
        pageTitle: line(linkTitle || linkText, 1000),
        linkUrl: context.linkUrl,
        ...(linkText ? { linkText } : {}),
        contextUrl: url,
        ...(pageTitle ? { contextTitle: pageTitle } : {}),
      },
    };
  }
  if (context.mediaType === 'image' && isHttpish(context.srcUrl)) {
    const image = page.image;
    const alt = line(image?.alt || image?.title || image?.caption, 1000);
    return {
      title: title(alt || `Image: ${pageName}`),
      source: {
        ...base,
        kind: 'image',
        imageUrl: context.srcUrl,
        contextUrl: url,
        ...(alt ? { imageAlt: alt } : {}),
      },
    };
  }
  // Documents, issues and mail threads get a clean title and say what they are.
  const { document } = named;
  if (document) {
    return {
      title: title(pageName),
      source: {
        ...base,
        // A mail thread's canonical link reopens it wherever it was filed since.
        ...(document.kind === 'email' ? { url: canonicalUrl(url) } : {}),
        kind: document.kind === 'email' ? 'email' : 'document',
        documentKind: document.kind,
        app: document.app,
        ...(document.id ? { externalId: clipUnits(document.id, 500) } : {}),
      },
    };
  }
  const description = clipWords(cleanLine(page.description), DESCRIPTION_MAX);
  return { title: title(pageName), source: { ...base, kind: 'page', ...(description ? { description } : {}) } };
}
