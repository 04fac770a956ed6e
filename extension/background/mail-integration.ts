// Gmail/Outlook integration in the background: the mail content script is registered with chrome.scripting
// only for origins the user granted (optional host permissions), re-registered on start, and asked for the
// open message when the context menu captures such a page.
import browser from 'webextension-polyfill';
import {
  type EmailCapture,
  EXTRACT_MESSAGE_TYPE,
  extractorFor,
  MAIL_ORIGINS,
  type MailIntegrationStatus,
  type MailService,
} from '../capture/extractors';
import { parseExtractReply } from '../messaging/content-script-policy';

/** The built content script (WXT names it after extension/entrypoints/mail.content.ts). */
export const MAIL_SCRIPT_FILE = 'content-scripts/mail.js';
const SERVICES = Object.keys(MAIL_ORIGINS) as MailService[];
const scriptId = (service: MailService) => `waypoint-mail-${service}`;

/** One change at a time: the options page's request and permissions.onAdded arrive together. */
let queue: Promise<unknown> = Promise.resolve();
function serial<T>(task: () => Promise<T>): Promise<T> {
  const run = queue.then(task, task);
  queue = run.catch(() => undefined);
  return run;
}

const granted = (service: MailService) =>
  browser.permissions.contains({ origins: MAIL_ORIGINS[service] }).catch(() => false);

async function registeredIds(): Promise<Set<string>> {
  if (!chrome.scripting?.getRegisteredContentScripts) return new Set();
  const scripts = await chrome.scripting.getRegisteredContentScripts();
  return new Set(scripts.map((s) => s.id));
}

async function register(service: MailService): Promise<void> {
  if (!chrome.scripting?.registerContentScripts) return;
  const script = {
    id: scriptId(service),
    matches: MAIL_ORIGINS[service],
    js: [MAIL_SCRIPT_FILE],
    runAt: 'document_idle' as const,
  };
  try {
    await chrome.scripting.registerContentScripts([{ ...script, persistAcrossSessions: true }]);
  } catch {
    // Firefox does not persist registrations; registering again on every start covers it.
    await chrome.scripting.registerContentScripts([script]);
  }
  // Tabs already open get the button without a reload.
  const tabs = await browser.tabs.query({ url: MAIL_ORIGINS[service] }).catch(() => []);
  for (const tab of tabs) {
    if (tab.id === undefined) continue;
    await chrome.scripting
      .executeScript({ target: { tabId: tab.id }, files: [MAIL_SCRIPT_FILE] })
      .catch(() => undefined);
  }
}

async function unregister(service: MailService): Promise<void> {
  if (!(await registeredIds()).has(scriptId(service))) return;
  await chrome.scripting.unregisterContentScripts({ ids: [scriptId(service)] });
}

export async function mailIntegrationStatus(): Promise<MailIntegrationStatus> {
  const entries = await Promise.all(SERVICES.map(async (s) => [s, await granted(s)] as const));
  return Object.fromEntries(entries) as MailIntegrationStatus;
}

/**
 * Turn an integration on (the options page asked for the permission from the user's click first) or off
 * (unregister, then give the permission back).
 */
export function setMailIntegration(service: MailService, enabled: boolean): Promise<MailIntegrationStatus> {
  return serial(() => applyMailIntegration(service, enabled));
}

async function applyMailIntegration(service: MailService, enabled: boolean): Promise<MailIntegrationStatus> {
  if (enabled) {
    if (!(await granted(service))) throw new Error('Waypoint was not allowed to read this mail site.');
    if (!(await registeredIds()).has(scriptId(service))) await register(service);
  } else {
    await unregister(service);
    await browser.permissions.remove({ origins: MAIL_ORIGINS[service] }).catch(() => false);
  }
  return mailIntegrationStatus();
}

/** On start: registrations follow the granted permissions (they can be lost on update, or revoked in Chrome's UI). */
export function syncMailRegistrations(): Promise<void> {
  return serial(applyGrantedRegistrations);
}

async function applyGrantedRegistrations(): Promise<void> {
  const registered = await registeredIds();
  for (const service of SERVICES) {
    const allowed = await granted(service);
    if (allowed && !registered.has(scriptId(service))) await register(service).catch(() => undefined);
    if (!allowed && registered.has(scriptId(service))) await unregister(service).catch(() => undefined);
  }
}

export function watchMailPermissions(): void {
  browser.permissions.onRemoved?.addListener(() => void syncMailRegistrations());
  browser.permissions.onAdded?.addListener(() => void syncMailRegistrations());
}

const EXTRACT_TIMEOUT_MS = 800;

export type OpenEmail = { status: 'off' } | { status: 'unreadable' } | { status: 'read'; email: EmailCapture };

/**
 * The open message of a mail tab, for a context-menu or shortcut capture: asks the registered content script,
 * injecting it first when the tab predates the registration. `off` without the integration's permission.
 */
export async function readOpenEmail(tabId: number | undefined, url: string | undefined): Promise<OpenEmail> {
  if (tabId === undefined || !url || !extractorFor(url)) return { status: 'off' };
  const service: MailService = new URL(url).hostname === 'mail.google.com' ? 'gmail' : 'outlook';
  if (!(await granted(service))) return { status: 'off' };
  // The reply comes from inside the page: parsed, with the thread link on the tab's own host, or unreadable.
  const ask = async () => parseExtractReply(await browser.tabs.sendMessage(tabId, { type: EXTRACT_MESSAGE_TYPE }), url);
  const attempt = async () => {
    try {
      return await ask();
    } catch {
      // No content script in this tab yet.
      await chrome.scripting.executeScript({ target: { tabId }, files: [MAIL_SCRIPT_FILE] });
      return await ask();
    }
  };
  const timeout = new Promise<null>((resolve) => setTimeout(() => resolve(null), EXTRACT_TIMEOUT_MS));
  const email = await Promise.race([attempt().catch(() => null), timeout]);
  return email ? { status: 'read', email } : { status: 'unreadable' };
}
