// What the user sees after a capture: a check on the badge, then a notification with Undo (or Open for a duplicate).
import browser from 'webextension-polyfill';
import type { CaptureOutcome } from '../capture/capture';

type NotificationAction =
  | { kind: 'undo'; taskId: string }
  | { kind: 'open'; url: string }
  | { kind: 'force'; retry: () => void };

const actions = new Map<string, NotificationAction[]>();
const ICON = 'icon/128.png';

export function flashBadge(tabId: number | undefined, restore: () => void): void {
  if (tabId === undefined) return;
  void browser.action.setBadgeBackgroundColor({ color: '#16a34a', tabId });
  void browser.action.setBadgeText({ text: '✓', tabId });
  setTimeout(restore, 1500);
}

async function notify(title: string, message: string, buttons: { title: string; action: NotificationAction }[]) {
  const id = await browser.notifications.create({
    type: 'basic',
    iconUrl: browser.runtime.getURL(ICON),
    title,
    message,
    ...(buttons.length ? { buttons: buttons.map((b) => ({ title: b.title })) } : {}),
  } as browser.Notifications.CreateNotificationOptions);
  actions.set(
    id,
    buttons.map((b) => b.action),
  );
  return id;
}

export async function announceCapture(
  outcome: CaptureOutcome,
  retryForced: () => void,
  /** A line to add, e.g. that an e-mail could not be read and the page was captured instead. */
  note?: string,
): Promise<void> {
  if (outcome.kind === 'created') {
    const routed =
      outcome.routedBy === 'rule'
        ? ' (this page matches its URL rules)'
        : outcome.routedBy === 'learned'
          ? ' (where you filed this site before)'
          : '';
    const message = note ? `${outcome.task.title}\n${note}` : outcome.task.title;
    await notify(`Added to ${outcome.projectName}${routed}`, message, [
      { title: 'Undo', action: { kind: 'undo', taskId: outcome.task.id } },
    ]);
  } else {
    const { existing } = outcome;
    await notify(
      `Already a task in ${outcome.projectName}`,
      `“${existing.title}”${outcome.owner ? `, owned by ${outcome.owner}` : ''} — open it, or add another task anyway.`,
      [
        { title: 'Open it', action: { kind: 'open', url: browser.runtime.getURL(`/popup.html?task=${existing.id}`) } },
        { title: 'Add anyway', action: { kind: 'force', retry: retryForced } },
      ],
    );
  }
}

export async function announceFailure(message: string): Promise<void> {
  await notify("Couldn't capture", message, []);
}

export function listenToNotifications(handlers: { undo: (taskId: string) => Promise<unknown> }): void {
  browser.notifications.onButtonClicked.addListener(async (id, index) => {
    const action = actions.get(id)?.[index];
    actions.delete(id);
    await browser.notifications.clear(id);
    if (!action) return;
    if (action.kind === 'undo') await handlers.undo(action.taskId);
    if (action.kind === 'open') await openEditor(action.url);
    if (action.kind === 'force') action.retry();
  });
  browser.notifications.onClosed.addListener((id) => actions.delete(id));
}

/** A small window with the popup UI, for editing one task outside the toolbar popup. */
export async function openEditor(url: string): Promise<void> {
  await browser.windows.create({ url, type: 'popup', width: 420, height: 640 });
}
