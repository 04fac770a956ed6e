// Captures waiting for the user's choices in the capture dialog. Kept in session storage, so a dialog left
// open survives the service worker being stopped; nothing is stored as a task until the user saves.
import browser from 'webextension-polyfill';
import type { CaptureContext, CaptureDraft, CaptureTab } from './draft';

export interface PendingCapture {
  context: CaptureContext;
  tab: CaptureTab & { id?: number };
  /** A draft read from the page itself (an open e-mail), when there is one. */
  draft?: CaptureDraft;
  /** Say in the dialog when the page could not be read as hoped. */
  note?: string;
  createdAt: number;
}

const PREFIX = 'pendingCapture:';
/** A dialog nobody answered within a day is forgotten. */
const MAX_AGE_MS = 24 * 60 * 60 * 1000;

export async function savePending(pending: Omit<PendingCapture, 'createdAt'>): Promise<string> {
  const id = crypto.randomUUID();
  await browser.storage.session.set({ [PREFIX + id]: { ...pending, createdAt: Date.now() } });
  // Forget stale ones while we are here.
  const all = await browser.storage.session.get(null);
  const stale = Object.entries(all)
    .filter(
      ([key, value]) => key.startsWith(PREFIX) && Date.now() - ((value as PendingCapture).createdAt ?? 0) > MAX_AGE_MS,
    )
    .map(([key]) => key);
  if (stale.length) await browser.storage.session.remove(stale);
  return id;
}

export async function readPending(id: string): Promise<PendingCapture | null> {
  const stored = await browser.storage.session.get(PREFIX + id);
  return (stored[PREFIX + id] as PendingCapture | undefined) ?? null;
}

export async function forgetPending(id: string): Promise<void> {
  await browser.storage.session.remove(PREFIX + id);
}
