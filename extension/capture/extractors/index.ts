// Chooses the e-mail extractor for a page by its host, and lists the mail hosts the integration covers.
import type { EmailCapture, Extractor } from './common';
import { extractGmail } from './gmail';
import { extractOutlook } from './outlook';

export type { EmailCapture } from './common';

export type MailService = 'gmail' | 'outlook';

/** Which integrations are on (their host permission granted). */
export type MailIntegrationStatus = Record<MailService, boolean>;

/** The background asks the mail content script for the open message with this message type. */
export const EXTRACT_MESSAGE_TYPE = 'mail.extract';

/** The origins each integration asks for (optional host permissions) and its content script runs on. */
export const MAIL_ORIGINS: Record<MailService, string[]> = {
  gmail: ['https://mail.google.com/*'],
  outlook: ['https://outlook.office.com/*', 'https://outlook.office365.com/*', 'https://outlook.live.com/*'],
};

export function extractorFor(url: string): Extractor | null {
  let host: string;
  try {
    host = new URL(url).hostname;
  } catch {
    return null;
  }
  if (host === 'mail.google.com') return extractGmail;
  if (/^outlook\.(office|office365|live)\.com$/.test(host)) return extractOutlook;
  return null;
}

/** The open e-mail of a mail page, or null (no open message, an unknown page, or a page we cannot read). */
export function extractEmail(doc: Document, url: string): EmailCapture | null {
  try {
    return extractorFor(url)?.(doc, url) ?? null;
  } catch {
    return null;
  }
}
