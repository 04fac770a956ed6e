// Turns what the user right-clicked (page, selection, link, image) into a task title and a durable source.
import { identifyDocument } from '@@/shared/documents';
import { EXCERPT_MAX, type Source } from '@@/shared/schemas/source';
import { TITLE_MAX } from '@@/shared/schemas/task';
import { canonicalUrl, textFragmentUrl } from '@@/shared/url';

export interface CaptureContext {
  /** What was clicked, as in contextMenus.OnClickData. */
  pageUrl?: string;
  frameUrl?: string;
  selectionText?: string;
  linkUrl?: string;
  linkText?: string;
  srcUrl?: string;
  mediaType?: string;
}

export interface CaptureTab {
  url?: string;
  title?: string;
  favIconUrl?: string;
}

export interface CaptureDraft {
  title: string;
  source: Source;
}

const SHORT_TITLE = 120;

/** The first line of a text, shortened at a word boundary. */
export function firstLine(text: string, max = SHORT_TITLE): string {
  const line = (text.split(/\r?\n/).find((l) => l.trim()) ?? '').replace(/\s+/g, ' ').trim();
  if (line.length <= max) return line;
  const cut = line.slice(0, max - 1);
  const space = cut.lastIndexOf(' ');
  return `${(space > max / 2 ? cut.slice(0, space) : cut).trimEnd()}…`;
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
    const last = decodeURIComponent(pathname.split('/').filter(Boolean).pop() ?? '');
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

export function draftFromContext(context: CaptureContext, tab: CaptureTab, now: Date): CaptureDraft {
  const url = context.pageUrl ?? tab.url;
  if (!isHttpish(url)) throw new UncapturableError(url);
  const pageTitle = (tab.title ?? '').trim().slice(0, 1000);
  const favIconUrl = isHttpish(tab.favIconUrl) ? tab.favIconUrl : undefined;
  const base = { url, pageTitle, capturedAt: now.toISOString(), ...(favIconUrl ? { favIconUrl } : {}) };
  const fallbackTitle = pageTitle || titleFromUrl(url);
  const clip = (title: string) => title.slice(0, TITLE_MAX);

  const selection = context.selectionText?.trim();
  if (selection) {
    const excerpt = selection.slice(0, EXCERPT_MAX);
    // A text-fragment link scrolls the source to the quote when it is opened again.
    return {
      title: clip(firstLine(selection) || fallbackTitle),
      source: { ...base, kind: 'selection', excerpt, fragmentUrl: textFragmentUrl(url, selection) },
    };
  }
  if (isHttpish(context.linkUrl)) {
    const linkText = context.linkText?.trim().slice(0, 1000);
    return {
      title: clip(firstLine(linkText ?? '') || titleFromUrl(context.linkUrl)),
      source: { ...base, kind: 'link', linkUrl: context.linkUrl, ...(linkText ? { linkText } : {}) },
    };
  }
  if (context.mediaType === 'image' && isHttpish(context.srcUrl)) {
    return {
      title: clip(`Image: ${fallbackTitle}`),
      source: { ...base, kind: 'image', imageUrl: context.srcUrl },
    };
  }
  // Documents, issues and mail threads get a clean title and say what they are.
  const document = identifyDocument(url, pageTitle);
  if (document) {
    return {
      title: clip(document.title),
      source: {
        ...base,
        // A mail thread's canonical link reopens it wherever it was filed since.
        ...(document.kind === 'email' ? { url: canonicalUrl(url) } : {}),
        kind: document.kind === 'email' ? 'email' : 'document',
        documentKind: document.kind,
        app: document.app,
        ...(document.id ? { externalId: document.id } : {}),
      },
    };
  }
  return { title: clip(fallbackTitle), source: { ...base, kind: 'page' } };
}
