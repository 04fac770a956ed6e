// The one rule for which URLs may become links, used by the schemas (server and client) and by every rendered link:
// http(s) for pages and documents, mailto: only where the URL is a contact. Anything else (javascript:, data:,
// vbscript:, blob:, file:…) is refused on input and shown as plain text, never as a live link.

export const LINK_SCHEMES = ['http:', 'https:'] as const;

export interface SafeUrlOptions {
  /** Also accept mailto: (contact fields only). */
  mailto?: boolean;
}

function hasControl(value: string): boolean {
  for (let i = 0; i < value.length; i++) if (value.charCodeAt(i) < 0x20 || value.charCodeAt(i) === 0x7f) return true;
  return false;
}

function parse(value: string): URL | null {
  try {
    return new URL(value);
  } catch {
    return null;
  }
}

/** True when `value` is an absolute URL whose scheme may be a link (http, https; mailto when asked). */
export function isSafeUrl(value: unknown, options: SafeUrlOptions = {}): value is string {
  if (typeof value !== 'string' || value.length > 4096) return false;
  // The URL parser strips leading/trailing C0 controls and spaces; a stored value must already be clean.
  if (value !== value.trim() || hasControl(value)) return false;
  const url = parse(value);
  if (!url) return false;
  if ((LINK_SCHEMES as readonly string[]).includes(url.protocol)) return url.hostname !== '';
  return options.mailto === true && url.protocol === 'mailto:';
}

/** The href to render for a stored URL, or null when it must be shown as text. */
export function safeHref(value: string | null | undefined, options: SafeUrlOptions = {}): string | null {
  return isSafeUrl(value, options) ? value : null;
}

/** A file: URL (a capture made on a local file): valid as a task source, never rendered as a link. */
export function isFileUrl(value: string): boolean {
  if (value.length > 4096 || value !== value.trim()) return false;
  return parse(value)?.protocol === 'file:';
}

const EMAIL = /^[^\s@<>()[\]\\,;:"]+@[^\s@<>()[\]\\,;:"]+\.[^\s@<>()[\]\\,;:"]+$/;

/**
 * The link for a contact field (free text: an e-mail address, a phone number, a profile URL): mailto: for a bare
 * e-mail address, the value itself when it is an http(s) or mailto: URL, else null (shown as text).
 */
export function contactHref(contact: string | null | undefined): string | null {
  const value = (contact ?? '').trim();
  if (!value || value.length > 500) return null;
  if (EMAIL.test(value)) return `mailto:${value}`;
  return safeHref(value, { mailto: true });
}
