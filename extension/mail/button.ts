// The "Add to Waypoint" button on an open Gmail/Outlook message: a closed shadow root (no style bleed either
// way) built with DOM text APIs only, watching the page for an open message and talking to the background.
// It runs inside a page that may be hostile: the background grants it only what this tab needs (see
// messaging/content-script-policy.ts), and every reply is parsed before it is shown.

import { clipUnits } from '@@/shared/text';
import { extractEmail } from '../capture/extractors';
import { gmailThreadId } from '../capture/extractors/gmail';
import { outlookItemId } from '../capture/extractors/outlook';
import { senderStakeholder } from '../capture/sender';
import { t } from '../i18n';
import { send } from '../messaging/client';
import {
  type ContentScriptEmailReply,
  contentScriptEmailReplySchema,
  contentScriptRowReplySchema,
} from '../messaging/content-script-replies';

const STYLE = `
:host { all: initial; }
.box { position: fixed; right: 24px; bottom: 24px; z-index: 2147483646; display: flex; flex-direction: column;
  align-items: flex-end; gap: 8px; font: 13px/1.4 system-ui, -apple-system, "Segoe UI", sans-serif; color: #111827; }
button { all: unset; box-sizing: border-box; cursor: pointer; border-radius: 999px; padding: 8px 14px;
  background: #fff; color: #1d4ed8; border: 1px solid #c7d2fe; font: inherit; font-weight: 600;
  box-shadow: 0 2px 8px rgb(0 0 0 / 0.15); }
button:hover { background: #eef2ff; }
button:focus-visible { outline: 2px solid #2563eb; outline-offset: 2px; }
button.main { background: #2563eb; color: #fff; border-color: #2563eb; }
button.main:hover { background: #1d4ed8; }
button[disabled] { opacity: 0.6; cursor: default; }
.card { max-width: 340px; background: #fff; border: 1px solid #e5e7eb; border-radius: 10px; padding: 10px 12px;
  box-shadow: 0 4px 16px rgb(0 0 0 / 0.18); display: flex; flex-direction: column; gap: 8px; }
.card[hidden] { display: none; }
.card.error { border-color: #fecaca; }
.actions { display: flex; flex-wrap: wrap; gap: 6px; }
.actions button { padding: 4px 10px; box-shadow: none; font-weight: 500; }
`;

/** A key for the message the user has open, from the URL alone (null on a list or settings page). */
export function openMessageKey(url: string): string | null {
  return gmailThreadId(url) ?? outlookItemId(url);
}

interface Action {
  label: string;
  run: () => Promise<void> | void;
}

export interface MailButton {
  /** The closed shadow root, for this script's own use (tests); the page cannot reach it. */
  root: ShadowRoot;
  destroy: () => void;
}

export function mountMailButton(doc: Document = document, win: Window = window): MailButton {
  const host = doc.createElement('waypoint-mail-button');
  const root = host.attachShadow({ mode: 'closed' });
  const style = doc.createElement('style');
  style.textContent = STYLE;
  const box = doc.createElement('div');
  box.className = 'box';
  const card = doc.createElement('div');
  card.className = 'card';
  card.hidden = true;
  card.setAttribute('role', 'status');
  const main = doc.createElement('button');
  main.className = 'main';
  main.type = 'button';
  main.textContent = t('menu_addToWaypoint');
  box.append(card, main);
  root.append(style, box);

  let shownFor: string | null = null;

  function say(text: string, actions: Action[] = [], error = false) {
    card.replaceChildren();
    card.hidden = false;
    card.classList.toggle('error', error);
    const line = doc.createElement('div');
    line.textContent = text;
    card.append(line);
    if (actions.length) {
      const row = doc.createElement('div');
      row.className = 'actions';
      for (const action of actions) {
        const button = doc.createElement('button');
        button.type = 'button';
        button.textContent = action.label;
        button.addEventListener('click', async () => {
          button.disabled = true;
          try {
            await action.run();
          } catch (failure) {
            say(failure instanceof Error ? failure.message : String(failure), [], true);
          }
        });
        row.append(button);
      }
      card.append(row);
    }
  }

  function clear() {
    card.hidden = true;
    card.replaceChildren();
  }

  function created(reply: Extract<ContentScriptEmailReply, { kind: 'created' }>) {
    const actions: Action[] = [
      {
        label: t('common_undo'),
        run: async () => {
          contentScriptRowReplySchema.parse(await send('task.delete', { id: reply.taskId }));
          say(t('mailButton_removed'));
        },
      },
    ];
    const { sender, projectId } = reply;
    if (sender && projectId) {
      actions.push({
        label: t('mailButton_addStakeholder', sender.name),
        run: async () => {
          contentScriptRowReplySchema.parse(
            await send('row.create', { table: 'stakeholders', draft: senderStakeholder(projectId, sender) }),
          );
          say(t('mailButton_stakeholderAdded', sender.name, reply.projectName), actions.slice(0, 1));
        },
      });
    }
    say(
      reply.fallback ? t('mailButton_addedFallback', reply.projectName) : t('mailButton_added', reply.projectName),
      actions,
    );
  }

  async function capture(force = false) {
    main.disabled = true;
    try {
      const url = win.location.href;
      const email = extractEmail(doc, url);
      const answer = await send('capture.email', {
        email,
        page: { url, title: clipUnits(doc.title, 1000) },
        ...(force ? { force } : {}),
      });
      const parsed = contentScriptEmailReplySchema.safeParse(answer);
      if (!parsed.success) throw new Error(t('mailButton_unexpected'));
      const reply = parsed.data;
      if (reply.kind === 'created') created(reply);
      // Who owns the existing task and where it is filed stays out of the page: the side panel shows it.
      else say(t('mailButton_duplicate'), [{ label: t('mailButton_addAnyway'), run: () => capture(true) }]);
    } catch (failure) {
      say(t('mailButton_failed', failure instanceof Error ? failure.message : String(failure)), [], true);
    } finally {
      main.disabled = false;
    }
  }
  main.addEventListener('click', () => void capture());

  /** Show the button while a message is open; a different message starts with a fresh card. */
  function update() {
    const key = openMessageKey(win.location.href);
    if (key !== shownFor) clear();
    shownFor = key;
    if (key && !host.isConnected) (doc.body ?? doc.documentElement).append(host);
    if (!key && host.isConnected) host.remove();
  }

  let timer: ReturnType<typeof setTimeout> | undefined;
  const schedule = () => {
    clearTimeout(timer);
    timer = setTimeout(update, 300);
  };
  // Gmail and Outlook are single-page apps: the open message changes with the URL and the DOM, not a load.
  const observer = new MutationObserver(schedule);
  observer.observe(doc.documentElement, { childList: true, subtree: true });
  win.addEventListener('hashchange', schedule);
  win.addEventListener('popstate', schedule);
  update();

  return {
    root,
    destroy() {
      clearTimeout(timer);
      observer.disconnect();
      win.removeEventListener('hashchange', schedule);
      win.removeEventListener('popstate', schedule);
      host.remove();
    },
  };
}
