// What the user sees after a capture: a check on the badge, then a notification with Undo (or Open for a duplicate).
//
// The service worker may stop while a notification is still on screen: what its buttons do is stored (a typed
// storage item) with the notification, never kept in worker memory, so Undo, Open it and Add anyway work after a
// restart.

import browser from 'webextension-polyfill';
import { storage } from 'wxt/utils/storage';
import type { CaptureOutcome, CaptureTarget } from '../capture/capture';
import type { CaptureContext, CaptureTab } from '../capture/draft';
import { t } from '../i18n';
import { toolbarAction } from './toolbar-action';

/** A capture to run again when the person chooses "Add anyway": everything it needs, as data. */
export interface CaptureRequest {
  context: CaptureContext;
  tab: CaptureTab & { id?: number };
  target: CaptureTarget;
}

export type NotificationAction =
  | { kind: 'undo'; taskId: string }
  | { kind: 'open'; url: string }
  | { kind: 'force'; capture: CaptureRequest };

/** The buttons of the notifications on screen, by notification id. */
const notificationActions = storage.defineItem<Record<string, NotificationAction[]>>('local:notificationActions', {
  fallback: {},
});
const ICON = 'icon/128.png';
/** Notifications older than this are gone from the screen: their actions are forgotten. */
const MAX_KEPT = 50;

async function remember(id: string, actions: NotificationAction[]): Promise<void> {
  const all = await notificationActions.getValue();
  const kept = Object.entries(all).slice(-(MAX_KEPT - 1));
  await notificationActions.setValue(Object.fromEntries([...kept, [id, actions]]));
}

async function take(id: string): Promise<NotificationAction[] | undefined> {
  const all = await notificationActions.getValue();
  const actions = all[id];
  if (actions) {
    delete all[id];
    await notificationActions.setValue(all);
  }
  return actions;
}

export function flashBadge(tabId: number | undefined, restore: () => void): void {
  if (tabId === undefined) return;
  void toolbarAction().setBadgeBackgroundColor({ color: '#16a34a', tabId });
  void toolbarAction().setBadgeText({ text: '✓', tabId });
  setTimeout(restore, 1500);
}

async function notify(title: string, message: string, offered: { title: string; action: NotificationAction }[]) {
  // Firefox's notifications have no buttons (it refuses the property): there the notification only informs, and
  // what a button would do stays in the popup (undo is the task's delete there).
  const buttons = import.meta.env.FIREFOX ? [] : offered;
  const id = await browser.notifications.create({
    type: 'basic',
    iconUrl: browser.runtime.getURL(ICON),
    title,
    message,
    ...(buttons.length ? { buttons: buttons.map((b) => ({ title: b.title })) } : {}),
  } as browser.Notifications.CreateNotificationOptions);
  if (buttons.length)
    await remember(
      id,
      buttons.map((b) => b.action),
    );
  return id;
}

export async function announceCapture(
  outcome: CaptureOutcome,
  /** The capture, to run again with "Add anyway" when it found a duplicate. */
  request: CaptureRequest | null,
  /** A line to add, e.g. that an e-mail could not be read and the page was captured instead. */
  note?: string,
): Promise<void> {
  if (outcome.kind === 'created') {
    const title =
      outcome.routedBy === 'rule'
        ? t('notify_addedByRule', outcome.projectName)
        : outcome.routedBy === 'learned'
          ? t('notify_addedLearned', outcome.projectName)
          : t('notify_added', outcome.projectName);
    const message = note ? `${outcome.task.title}\n${note}` : outcome.task.title;
    await notify(title, message, [{ title: t('common_undo'), action: { kind: 'undo', taskId: outcome.task.id } }]);
  } else {
    const { existing } = outcome;
    await notify(
      t('notify_duplicateTitle', outcome.projectName),
      outcome.owner ? t('notify_duplicateOwned', existing.title, outcome.owner) : t('notify_duplicate', existing.title),
      [
        {
          title: t('notify_openIt'),
          action: { kind: 'open', url: browser.runtime.getURL(`/popup.html?task=${existing.id}`) },
        },
        ...(request ? [{ title: t('notify_addAnyway'), action: { kind: 'force', capture: request } as const }] : []),
      ],
    );
  }
}

export async function announceFailure(message: string): Promise<void> {
  await notify(t('notify_failed'), message, []);
}

/** Registered synchronously at start: a click on a button may be what wakes the worker. */
export function listenToNotifications(handlers: {
  undo: (taskId: string) => Promise<unknown>;
  captureAnyway: (request: CaptureRequest) => Promise<unknown>;
}): void {
  browser.notifications.onButtonClicked.addListener(async (id, index) => {
    const action = (await take(id))?.[index];
    await browser.notifications.clear(id);
    if (!action) return;
    if (action.kind === 'undo') await handlers.undo(action.taskId);
    if (action.kind === 'open') await openEditor(action.url);
    if (action.kind === 'force') await handlers.captureAnyway(action.capture);
  });
  browser.notifications.onClosed.addListener((id) => void take(id));
}

/** A small window with the popup UI, for editing one task outside the toolbar popup. */
export async function openEditor(url: string): Promise<void> {
  await browser.windows.create({ url, type: 'popup', width: 420, height: 640 });
}
