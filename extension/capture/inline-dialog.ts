// Shows the capture dialog inside the page the user is on: the extension's capture page in an iframe, in a
// closed shadow root (no style bleed either way). Needs page access (activeTab after a real click); where
// there is none — browser pages, the PDF viewer — and in Firefox, the caller opens the dialog in a small
// window instead.
//
// The page is not trusted. The frame's URL is the dynamic web-accessible URL (unknown to the page), and the
// frame and its host talk only through the extension's messaging, relayed by the background for the one tab
// the capture is bound to — never postMessage, which the page can read and forge. The host keeps the frame
// hidden until the real dialog says it is ready, and tears it down when anything navigates the frame. When a
// script (not the person's click) moves the focus into the page — to read what the person types — the host
// takes it back at once and the dialog moves to a window of its own, where the page cannot reach the keys
// (the frame runs in another process, so focus changes race keystrokes: only a window is certain).
import browser from 'webextension-polyfill';
import { t } from '../i18n';

/** Host ↔ background messages about one in-page dialog. */
export const FRAME_MESSAGE_TYPE = 'waypoint-capture-frame';
export type FrameEvent = 'ready' | 'close' | 'stolen';

const BINDING_PREFIX = 'captureFrame:';

/**
 * Runs in the page's isolated world (injected by chrome.scripting): mounts the dialog frame and removes it
 * when the background relays "close". Resolves false when the frame does not report ready in time (a page
 * policy blocked it): nothing is left. `title` is the frame's accessible name, in the UI language.
 */
function mountCaptureFrame(id: string, path: string, messageType: string, title: string): Promise<boolean> {
  // Inlined: chrome.scripting runs this function alone, without the module around it.
  const scope = globalThis as unknown as { __waypointCaptureDialog?: () => void };
  scope.__waypointCaptureDialog?.();
  const host = document.createElement('div');
  const root = host.attachShadow({ mode: 'closed' });
  const frame = document.createElement('iframe');
  // In the content script, getURL gives the dynamic URL of a use_dynamic_url resource.
  frame.src = chrome.runtime.getURL(path);
  frame.title = title;
  frame.setAttribute(
    'style',
    'position:fixed;top:16px;right:16px;width:420px;height:580px;max-height:calc(100vh - 32px);border:0;' +
      'border-radius:10px;box-shadow:0 12px 40px rgba(0,0,0,.35);z-index:2147483647;background:Canvas;' +
      'color-scheme:light dark;visibility:hidden',
  );
  root.append(frame);
  document.documentElement.append(host);

  let ready = false;
  let loads = 0;
  let lastPointer = 0;
  let settle: (shown: boolean) => void = () => undefined;
  const shown = new Promise<boolean>((resolve) => {
    settle = resolve;
  });
  const timer = setTimeout(() => teardown(), 3000);

  function teardown() {
    clearTimeout(timer);
    host.remove();
    chrome.runtime.onMessage.removeListener(onMessage);
    document.removeEventListener('pointerdown', onPointer, true);
    document.removeEventListener('mousedown', onPointer, true);
    document.removeEventListener('focusin', onFocusIn, true);
    frame.removeEventListener('blur', onBlur);
    if (scope.__waypointCaptureDialog === teardown) delete scope.__waypointCaptureDialog;
    settle(false);
  }
  scope.__waypointCaptureDialog = teardown;

  // The dialog reports ready only after its own load: any later load is a navigation, by the page or not.
  frame.addEventListener('load', () => {
    loads += 1;
    if (ready || loads > 1) teardown();
  });

  const onPointer = (event: Event) => {
    if (event.isTrusted) lastPointer = Date.now();
  };
  /**
   * The focus left the dialog for the page while the window stayed active and the person did not click the
   * page just before: a script took it. (Switching windows leaves the page without focus, not stolen.)
   */
  const stolen = () =>
    ready &&
    host.isConnected &&
    Date.now() - lastPointer > 1000 &&
    document.hasFocus() &&
    document.activeElement !== host;
  const onTheft = () => {
    if (!stolen()) return;
    frame.focus();
    try {
      // The callback form works in Chrome and in Firefox's chrome.* alike; the answer does not matter here.
      chrome.runtime.sendMessage({ type: 'capture.frame', payload: { id, event: 'stolen' } }, () => {
        void chrome.runtime.lastError;
      });
    } catch {
      // The extension was reloaded: the dialog is gone either way.
    }
    teardown();
  };
  const onFocusIn = (event: FocusEvent) => {
    if (event.target !== host) onTheft();
  };
  const onBlur = () => queueMicrotask(onTheft);
  document.addEventListener('pointerdown', onPointer, true);
  document.addEventListener('mousedown', onPointer, true);
  document.addEventListener('focusin', onFocusIn, true);
  frame.addEventListener('blur', onBlur);

  function onMessage(
    message: unknown,
    sender: chrome.runtime.MessageSender,
    sendResponse: (response: unknown) => void,
  ): undefined {
    // Only the background sends to this world (tabs.sendMessage); a page cannot.
    if (sender.id !== chrome.runtime.id || sender.tab) return;
    const data = message as { type?: unknown; id?: unknown; event?: unknown } | null;
    if (data?.type !== messageType || data.id !== id) return;
    if (data.event === 'ready' && !ready && host.isConnected) {
      ready = true;
      clearTimeout(timer);
      frame.style.visibility = 'visible';
      frame.focus();
      settle(true);
      sendResponse({ shown: true });
    } else if (data.event === 'close') {
      teardown();
      sendResponse({ shown: false });
    }
  }
  chrome.runtime.onMessage.addListener(onMessage);
  return shown;
}

type SessionStore = Pick<browser.Storage.StorageArea, 'get' | 'set' | 'remove'>;
const session = (): SessionStore => browser.storage.session;

/**
 * Where a capture's dialog was shown in a page: the tab, and whether it is still open there, closed, or moved
 * to a window of its own. Kept after closing, so a closed dialog still answers only to its tab.
 */
interface FrameBinding {
  tabId: number;
  state: 'open' | 'closed' | 'moved';
  at: number;
}

export async function frameBinding(id: string, store: SessionStore = session()): Promise<FrameBinding | null> {
  const stored = (await store.get(BINDING_PREFIX + id))[BINDING_PREFIX + id] as Partial<FrameBinding> | undefined;
  return typeof stored?.tabId === 'number'
    ? { tabId: stored.tabId, state: stored.state ?? 'open', at: stored.at ?? 0 }
    : null;
}

/** The tab a capture answers to, or null when its dialog is in a window of its own (never shown in a page, or moved). */
export async function frameTabOf(id: string, store: SessionStore = session()): Promise<number | null> {
  const binding = await frameBinding(id, store);
  return binding && binding.state !== 'moved' ? binding.tabId : null;
}

const bind = (id: string, binding: FrameBinding) => session().set({ [BINDING_PREFIX + id]: binding });

/**
 * Tell the host in the bound tab that its dialog is ready (show and focus it) or done (remove it). Answers
 * whether the dialog is shown in a page; false for a dialog in its own window, which closes itself.
 */
export function relayFrameEvent(id: string, event: FrameEvent): Promise<{ inPage: boolean }> {
  // One at a time: the frame's "close" on removal and the host's theft report arrive together, and a
  // stale read must not turn "moved" back into "closed" (the window would then be refused as another tab).
  const run = relayQueue.then(() => relay(id, event));
  relayQueue = run.catch(() => undefined);
  return run;
}
let relayQueue: Promise<unknown> = Promise.resolve();

async function relay(id: string, event: FrameEvent): Promise<{ inPage: boolean }> {
  const binding = await frameBinding(id);
  if (!binding || binding.state === 'moved') return { inPage: false };
  // The frame's own "close" (it also says so when it is removed) can arrive before or after a theft report.
  if (event === 'close' && binding.state === 'open') await bind(id, { ...binding, state: 'closed' });
  if (event === 'stolen') await bind(id, { ...binding, state: 'moved' });
  await browser.tabs
    .sendMessage(
      binding.tabId,
      { type: FRAME_MESSAGE_TYPE, id, event: event === 'ready' ? 'ready' : 'close' },
      { frameId: 0 },
    )
    .catch(() => undefined);
  // The page took the focus from the dialog: the same capture continues in a window of its own.
  if (event === 'stolen')
    await browser.windows.create({
      url: browser.runtime.getURL(`/capture.html?id=${encodeURIComponent(id)}&moved=1`),
      type: 'popup',
      width: 420,
      height: 640,
    });
  return { inPage: true };
}

const PORT_PREFIX = 'capture-frame:';
/** The port name the in-page dialog connects with once shown (see watchFrameConnections). */
export const framePortName = (id: string) => PORT_PREFIX + id;

/**
 * The in-page dialog keeps a port open to the background: when its document goes away — a navigation of
 * the frame, by the page or anything else — the port disconnects and the host removes the frame. (The
 * frame's own load events are not a reliable signal across processes.) Register synchronously at start.
 */
export function watchFrameConnections(): void {
  browser.runtime.onConnect.addListener((port) => {
    if (!port.name.startsWith(PORT_PREFIX)) return;
    const id = port.name.slice(PORT_PREFIX.length);
    const tabId = port.sender?.tab?.id;
    port.onDisconnect.addListener(() => {
      void frameTabOf(id).then((bound) => (bound !== null && bound === tabId ? relayFrameEvent(id, 'close') : null));
    });
  });
}

/** Try the in-page dialog for a pending capture; false when the page cannot be reached (the caller opens a window). */
export async function showInlineDialog(tabId: number | undefined, id: string): Promise<boolean> {
  if (tabId === undefined || !chrome.scripting?.executeScript) return false;
  // Firefox has no IntersectionObserver v2: a dialog there could not tell that a page fades or covers it, so
  // it opens in a window of its own.
  if (import.meta.env.FIREFOX) return false;
  // Bound before the frame exists: from now on only this tab's frame may prepare, save or close it.
  await bind(id, { tabId, state: 'open', at: Date.now() });
  try {
    const [result] = await chrome.scripting.executeScript({
      target: { tabId },
      func: mountCaptureFrame,
      args: [id, `/capture.html?id=${encodeURIComponent(id)}&inline=1`, FRAME_MESSAGE_TYPE, t('menu_addToWaypoint')],
    });
    if (result?.result === true) return true;
  } catch {
    // No access to this page: the window instead.
  }
  await session().remove(BINDING_PREFIX + id);
  return false;
}
