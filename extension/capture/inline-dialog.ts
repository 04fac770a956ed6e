// Shows the capture dialog inside the page the user is on: the extension's capture page in an iframe, in a
// closed shadow root (no style bleed either way). Needs page access (activeTab after a real click); where
// there is none — browser pages, the PDF viewer — the caller opens the dialog in a small window instead.

/**
 * Runs in the page (injected by chrome.scripting): mounts the dialog frame and removes it when told to.
 * Resolves false when the frame does not report ready in time (a page policy blocked it): nothing is left.
 */
function mountCaptureFrame(src: string, origin: string): Promise<boolean> {
  const id = 'waypoint-capture-dialog';
  document.getElementById(id)?.remove();
  const host = document.createElement('div');
  host.id = id;
  const root = host.attachShadow({ mode: 'closed' });
  const frame = document.createElement('iframe');
  frame.src = src;
  frame.title = 'Add to Waypoint';
  frame.setAttribute(
    'style',
    'position:fixed;top:16px;right:16px;width:420px;height:580px;max-height:calc(100vh - 32px);border:0;' +
      'border-radius:10px;box-shadow:0 12px 40px rgba(0,0,0,.35);z-index:2147483647;background:Canvas;color-scheme:light dark',
  );
  root.append(frame);
  document.documentElement.append(host);
  return new Promise((resolve) => {
    const timer = setTimeout(() => {
      host.remove();
      window.removeEventListener('message', onMessage);
      resolve(false);
    }, 3000);
    function onMessage(event: MessageEvent) {
      if (event.origin !== origin) return;
      const type = (event.data as { type?: string } | null)?.type;
      if (type === 'waypoint-capture-ready') {
        clearTimeout(timer);
        frame.focus();
        resolve(true);
      } else if (type === 'waypoint-capture-close') {
        host.remove();
        window.removeEventListener('message', onMessage);
      }
    }
    window.addEventListener('message', onMessage);
  });
}

/** Try the in-page dialog; false when the page cannot be reached (the caller then opens a window). */
export async function showInlineDialog(tabId: number | undefined, pageUrl: string): Promise<boolean> {
  if (tabId === undefined || !chrome.scripting?.executeScript) return false;
  try {
    const origin = new URL(chrome.runtime.getURL('')).origin;
    const [result] = await chrome.scripting.executeScript({
      target: { tabId },
      func: mountCaptureFrame,
      args: [pageUrl, origin],
    });
    return result?.result === true;
  } catch {
    return false;
  }
}
