// Wires the background service worker: database, store, capture, menus, badge and message handling.
import { liveQuery } from 'dexie';
import browser from 'webextension-polyfill';
import { type CaptureTarget, createCapture } from '../capture/capture';
import { createCaptureDialog } from '../capture/dialog';
import type { CaptureContext, CaptureTab } from '../capture/draft';
import { createEmailCapture, emailDraft } from '../capture/email';
import { enrichContext } from '../capture/enrich';
import { extractorFor } from '../capture/extractors';
import { showInlineDialog, watchFrameConnections } from '../capture/inline-dialog';
import { savePending } from '../capture/pending';
import { listenForImports } from '../data/import-channel';
import { loadClock, readSettings, recentProjectIds } from '../data/settings';
import { createDatabase } from '../db/database';
import { createStore } from '../db/store';
import { createRequestGuard } from '../messaging/content-script-policy';
import { createHandlers, dispatch } from '../messaging/handlers';
import { type Account, readAccount } from '../sync/account';
import { trackActivePage } from './active-page';
import { announceCapture, announceFailure, flashBadge, listenToNotifications, openEditor } from './feedback';
import {
  mailIntegrationStatus,
  readOpenEmail,
  setMailIntegration,
  syncMailRegistrations,
  watchMailPermissions,
} from './mail-integration';
import { watchMentions } from './mentions';
import { buildMenus, menuProjects, parseMenuId } from './menus';
import { createPageBadge } from './page-badge';
import { actOnReminder } from './reminder-actions';
import { createReminders, listenForReminders } from './reminders';
import { listenForSyncWakeUps, startSync } from './sync';

export function startBackground(): void {
  const db = createDatabase();
  /** Who may ask what: extension pages anything, the mail content script only what its tab needs. */
  const guardRequest = createRequestGuard();
  let actorName: string | null = null;
  let account: Account | null = null;
  const services = (async () => {
    const [clock, stored] = await Promise.all([loadClock(db), readAccount(db)]);
    account = stored;
    const store = createStore({
      db,
      clock,
      // Sync pushes what the store has just queued before it reads the outbox (sync/engine.ts noteQueued).
      onQueued: (entry) => sync.engine.noteQueued(entry),
      actor: () => account?.user.name ?? actorName,
      me: () => account?.user.id ?? null,
      defaultSpace: () => account?.personalTeamId ?? null,
    });
    const capturer = createCapture({ db, store });
    const captureEmail = createEmailCapture({ db, capturer });
    const sync = startSync({ db, clock, store, getAccount: () => readAccount(db) });
    watchMentions(db);
    const captureDialog = createCaptureDialog({
      db,
      capturer,
      onCreated: async (outcome, tabId) => {
        if (outcome.kind === 'created') flashBadge(tabId, badge.repaint);
        await announceCapture(outcome, null);
      },
    });
    return { clock, store, capturer, captureEmail, sync, captureDialog };
  })();

  const badge = createPageBadge(db);
  trackActivePage((page) => badge.follow(page));

  // Reminders, the morning digest and the overdue badge (background/reminders.ts); listeners added now.
  const reminders = createReminders({ db, showOverdue: (count) => badge.showOverdue(count) });
  reminders.follow();
  listenForReminders({
    run: () => reminders.run(),
    act: async (taskId, action) => actOnReminder((await services).store, taskId, action),
    openTasks: () => openEditor(browser.runtime.getURL('/popup.html')),
  });

  /**
   * On Gmail/Outlook (integration on), a whole-page capture reads the open message: subject, sender, date.
   * Returns no draft elsewhere (the capture builds one from the menu context), and a note when the message
   * could not be read.
   */
  async function readPageDraft(context: CaptureContext, tab: CaptureTab & { id?: number }) {
    const wholePage = !context.selectionText && !context.linkUrl && !context.srcUrl;
    const pageUrl = context.pageUrl ?? tab.url;
    const onMail = wholePage && !!pageUrl && !!extractorFor(pageUrl);
    const open = onMail ? await readOpenEmail(tab.id, pageUrl) : ({ status: 'off' } as const);
    const draft =
      open.status === 'read' && pageUrl
        ? emailDraft(open.email, { url: pageUrl, title: tab.title ?? '' }, new Date())
        : undefined;
    const note = open.status === 'unreadable' ? "Couldn't read this e-mail; captured the page instead." : undefined;
    return { draft, note };
  }

  async function capture(
    context: CaptureContext,
    tab: CaptureTab & { id?: number },
    target: CaptureTarget,
    force = false,
  ) {
    const { capturer } = await services;
    try {
      const { draft, note } = await readPageDraft(context, tab);
      const outcome = await capturer.capture(context, tab, target, { force, ...(draft ? { draft } : {}) });
      if (outcome.kind === 'created') flashBadge(tab.id, badge.repaint);
      await announceCapture(outcome, { context, tab, target }, note);
      return outcome;
    } catch (error) {
      await announceFailure(error instanceof Error ? error.message : String(error));
      throw error;
    }
  }

  async function captureActiveTab(projectId: string | null | undefined) {
    const [tab] = await browser.tabs.query({ active: true, lastFocusedWindow: true });
    const target: CaptureTarget = projectId
      ? { kind: 'project', projectId }
      : projectId === null
        ? { kind: 'inbox' }
        : { kind: 'default' };
    const outcome = await capture(await enrichContext({ pageUrl: tab?.url }, tab?.id), tab ?? {}, target);
    return outcome.kind === 'created'
      ? { taskId: outcome.task.id, duplicateOf: null }
      : { taskId: null, duplicateOf: outcome.existing.id };
  }

  async function handlersNow() {
    const { store, clock, sync, captureEmail, captureDialog } = await services;
    return createHandlers({
      db,
      store,
      clock,
      captureActiveTab,
      accounts: sync.accounts,
      syncNow: () => sync.engine.sync(),
      captureEmail,
      mailIntegration: { status: mailIntegrationStatus, set: setMailIntegration },
      captureDialog,
    });
  }

  // Listeners are registered synchronously so that events that wake the worker are not missed.
  browser.runtime.onMessage.addListener(async (message: unknown, sender: browser.Runtime.MessageSender) => {
    // What the sender may ask depends on who it is: content scripts get only what their tab needs.
    return guardRequest(message, sender, async (checked) => {
      return dispatch(await handlersNow(), checked);
    });
  });

  // An import's file comes as bytes posted by an options page (data/import-channel.ts), then runs as `data.import`.
  listenForImports(async (text) => dispatch(await handlersNow(), { type: 'data.import', payload: { text } }));

  chrome.contextMenus.onClicked.addListener((info, tab) => {
    const action = parseMenuId(info.menuItemId);
    if (!action) return;
    const context: CaptureContext = { ...info, linkText: (info as { linkText?: string }).linkText };
    const target: CaptureTarget = action.kind === 'capture' ? action.target : { kind: 'inbox' };
    const enriched = enrichContext({ ...context, frameId: info.frameId }, tab?.id);
    // "Choose project…": the capture dialog, pre-filled; the submenu's projects stay one click.
    if (action.kind === 'choose') void enriched.then((full) => openCaptureDialog(full, tab ?? {}));
    else void enriched.then((full) => capture(full, tab ?? {}, target)).catch(() => undefined);
  });

  /** Keep the capture aside and open the dialog that asks where it goes. */
  async function openCaptureDialog(context: CaptureContext, tab: CaptureTab & { id?: number }) {
    try {
      const { draft, note } = await readPageDraft(context, tab);
      const id = await savePending({ context, tab, ...(draft ? { draft } : {}), ...(note ? { note } : {}) });
      // In the page when it lets us in (a real click grants activeTab), else in a small window.
      const inline = await showInlineDialog(tab.id, id);
      if (!inline) await openEditor(browser.runtime.getURL(`/capture.html?id=${id}`));
    } catch (error) {
      await announceFailure(error instanceof Error ? error.message : String(error));
    }
  }

  browser.commands.onCommand.addListener(async (command) => {
    if (command !== 'capture-page') return;
    // The shortcut asks first when the user prefers choosing every time (Settings → Capture).
    if ((await readSettings(db)).captureAsk) {
      const [tab] = await browser.tabs.query({ active: true, lastFocusedWindow: true });
      await openCaptureDialog(await enrichContext({ pageUrl: tab?.url }, tab?.id), tab ?? {});
      return;
    }
    await captureActiveTab(undefined).catch(() => undefined);
  });

  // Registrations of the mail content script can be lost on update; they follow the granted permissions.
  void syncMailRegistrations().catch((error) => console.error('Waypoint: mail integration', error));
  watchMailPermissions();

  // An in-page capture dialog whose frame goes away (navigated) is removed from the page.
  watchFrameConnections();

  listenToNotifications({
    undo: async (taskId) => (await services).store.deleteTask(taskId),
    captureAnyway: ({ context, tab, target }) => capture(context, tab, target, true),
  });

  // Sync's wake-ups: the alarm survives the worker being stopped and retries whatever the WebSocket missed.
  listenForSyncWakeUps(async (reason) => (await services).sync.kick(reason));

  // Menus and the actor name follow the data: any change to projects or settings rebuilds them.
  liveQuery(async () => ({
    projects: await db.projects.toArray(),
    recent: await recentProjectIds(db),
    settings: await readSettings(db),
    account: await readAccount(db),
  })).subscribe({
    next: ({ projects, recent, settings, account: current }) => {
      actorName = settings.displayName || null;
      account = current;
      void buildMenus(menuProjects(projects, recent));
    },
    error: (error) => console.error('Waypoint: menu query failed', error),
  });
}
