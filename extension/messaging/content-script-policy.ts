// What a request may do depending on who sent it. Extension pages (popup, side panel, options, the capture
// dialog) may send every message, except that a capture shown inside a page answers only to that tab. A
// content script (the Gmail/Outlook button, running inside a page that may be hostile) gets only what its
// own tab needs: a capture of that tab's URL with a thread link on that tab's host, and undo or "add the
// sender as stakeholder" for the task that tab has just captured. Its replies are trimmed to the shapes in
// content-script-replies.ts, with nothing about other people's tasks. The grants live in session storage,
// so they survive the service worker being stopped.
import browser from 'webextension-polyfill';
import { emailCaptureSchema } from '../capture/email';
import { type EmailCapture, extractorFor } from '../capture/extractors';
import { frameBinding, frameTabOf } from '../capture/inline-dialog';
import { senderStakeholder } from '../capture/sender';
import { contentScriptEmailReplySchema } from './content-script-replies';
import { type Reply, requests } from './protocol';

export interface RequestSender {
  id?: string;
  url?: string;
  frameId?: number;
  tab?: { id?: number; url?: string; title?: string };
}

/** What a tab's content script has just captured, and so may undo or add the sender of. */
interface TabGrant {
  taskId: string;
  projectId: string | null;
  sender: { name: string; address: string } | null;
  deleted: boolean;
  stakeholderAdded: boolean;
  at: number;
}

export interface GrantStorage {
  get(key: string): Promise<Record<string, unknown>>;
  set(items: Record<string, unknown>): Promise<void>;
}

const GRANT_PREFIX = 'contentScriptGrant:';
/** Undo and the stakeholder offer are for the capture just made, not for one from yesterday. */
const GRANT_MAX_AGE_MS = 60 * 60 * 1000;
const DIALOG_MESSAGES = new Set(['capture.prepare', 'capture.commit', 'capture.cancel', 'capture.frame']);

const forbidden = (message: string): Reply<never> => ({ ok: false, error: 'Forbidden', message });

/** A page of this extension (also through a dynamic web-accessible URL), not a content script in a web page. */
export function isExtensionPage(
  sender: RequestSender,
  own = { id: browser.runtime.id, url: browser.runtime.getURL('') },
) {
  if (sender.id !== own.id || !sender.url) return false;
  try {
    return new URL(sender.url).protocol === new URL(own.url).protocol;
  } catch {
    return false;
  }
}

function hostOf(url: string): string | null {
  try {
    return new URL(url).host;
  } catch {
    return null;
  }
}

/**
 * The open message as the mail content script answered `mail.extract`: parsed, and only with a thread link
 * on the tab's own host. Anything else counts as unreadable (null).
 */
export function parseExtractReply(reply: unknown, tabUrl: string): EmailCapture | null {
  const email = (reply as { email?: unknown } | null | undefined)?.email;
  if (email == null) return null;
  const parsed = emailCaptureSchema.safeParse(email);
  if (!parsed.success) return null;
  return hostOf(parsed.data.url) === hostOf(tabUrl) ? parsed.data : null;
}

export function createRequestGuard({
  storage = browser.storage.session,
  own,
  now = () => Date.now(),
}: {
  storage?: GrantStorage;
  own?: { id: string; url: string };
  now?: () => number;
} = {}) {
  async function readGrant(tabId: number): Promise<TabGrant | null> {
    const stored = (await storage.get(GRANT_PREFIX + tabId))[GRANT_PREFIX + tabId] as TabGrant | undefined;
    return stored && now() - stored.at < GRANT_MAX_AGE_MS ? stored : null;
  }
  const writeGrant = (tabId: number, grant: TabGrant) => storage.set({ [GRANT_PREFIX + tabId]: grant });

  async function fromContentScript(
    type: string,
    payload: unknown,
    sender: RequestSender,
    run: (message: unknown) => Promise<Reply<unknown>>,
  ): Promise<Reply<unknown>> {
    const tabId = sender.tab?.id;
    const tabUrl = sender.tab?.url ?? sender.url ?? '';
    // The in-page dialog's host (capture/inline-dialog.ts) reports a focus theft for the dialog bound to its
    // tab; the id is known only to the host and the dialog, never to the page.
    if (type === 'capture.frame') {
      const parsed = requests['capture.frame'].safeParse(payload);
      if (
        !parsed.success ||
        parsed.data.event !== 'stolen' ||
        tabId === undefined ||
        (sender.frameId ?? 0) !== 0 ||
        (await frameBinding(parsed.data.id))?.tabId !== tabId
      )
        return forbidden('Waypoint does not accept this request from a web page.');
      return run({ type, payload: parsed.data });
    }
    // The mail script runs in the top frame of Gmail/Outlook only; nothing else speaks for a page.
    if (tabId === undefined || (sender.frameId ?? 0) !== 0 || !extractorFor(tabUrl))
      return forbidden('Waypoint does not accept this request from a web page.');

    if (type === 'capture.email') {
      const parsed = requests['capture.email'].safeParse(payload);
      if (!parsed.success) return { ok: false, error: 'Invalid', message: 'Waypoint could not read this e-mail.' };
      const { email } = parsed.data;
      if (email && hostOf(email.url) !== hostOf(tabUrl))
        return forbidden('The message link does not belong to the page it was read on.');
      // The page is the tab itself, whatever the script says it is.
      const page = { url: tabUrl, title: (sender.tab?.title ?? parsed.data.page.title).slice(0, 1000) };
      const reply = await run({ type, payload: { ...parsed.data, page } });
      if (!reply.ok) return reply;
      const result = reply.result as Record<string, unknown>;
      if (result.kind === 'duplicate') return { ok: true, result: { kind: 'duplicate' } };
      const created = contentScriptEmailReplySchema.parse({
        kind: 'created',
        taskId: result.taskId,
        title: result.title,
        projectId: result.projectId,
        projectName: result.projectName,
        fallback: result.fallback,
        sender: result.sender,
      });
      if (created.kind === 'created')
        await writeGrant(tabId, {
          taskId: created.taskId,
          projectId: created.projectId,
          sender: created.sender,
          deleted: false,
          stakeholderAdded: false,
          at: now(),
        });
      return { ok: true, result: created };
    }

    if (type === 'task.delete') {
      const parsed = requests['task.delete'].safeParse(payload);
      const grant = await readGrant(tabId);
      if (!parsed.success || !grant || grant.deleted || grant.taskId !== parsed.data.id)
        return forbidden('This page can only undo the capture it has just made.');
      const reply = await run({ type, payload: { id: grant.taskId } });
      if (!reply.ok) return reply;
      await writeGrant(tabId, { ...grant, deleted: true });
      return { ok: true, result: { id: grant.taskId } };
    }

    if (type === 'row.create') {
      const parsed = requests['row.create'].safeParse(payload);
      const grant = await readGrant(tabId);
      const projectId = parsed.success ? parsed.data.draft.projectId : undefined;
      if (
        !parsed.success ||
        parsed.data.table !== 'stakeholders' ||
        !grant?.sender ||
        !grant.projectId ||
        grant.deleted ||
        grant.stakeholderAdded ||
        projectId !== grant.projectId
      )
        return forbidden('This page can only add the sender of the e-mail it has just captured.');
      // The row is built here from what was captured, not from what the page sent.
      const draft = senderStakeholder(grant.projectId, grant.sender);
      const reply = await run({ type, payload: { table: 'stakeholders', draft } });
      if (!reply.ok) return reply;
      await writeGrant(tabId, { ...grant, stakeholderAdded: true });
      return { ok: true, result: { id: String((reply.result as { id?: unknown }).id ?? '') } };
    }

    return forbidden('Waypoint does not accept this request from a web page.');
  }

  /** Check one runtime message against its sender, then run it (or answer Forbidden). Never throws. */
  return async function guardRequest(
    message: unknown,
    sender: RequestSender,
    run: (message: unknown) => Promise<Reply<unknown>>,
  ): Promise<Reply<unknown>> {
    const type = String((message as { type?: unknown } | null)?.type ?? '');
    const payload = (message as { payload?: unknown } | null)?.payload;
    try {
      if (!isExtensionPage(sender, own)) return await fromContentScript(type, payload, sender, run);
      if (DIALOG_MESSAGES.has(type)) {
        // A capture shown inside a page answers only to the frame in that very tab.
        const id = (payload as { id?: unknown } | null)?.id;
        const boundTo = typeof id === 'string' ? await frameTabOf(id) : null;
        if (boundTo !== null && boundTo !== sender.tab?.id) return forbidden('This capture belongs to another tab.');
      }
      return await run(message);
    } catch (error) {
      return { ok: false, error: 'Failed', message: error instanceof Error ? error.message : String(error) };
    }
  };
}
