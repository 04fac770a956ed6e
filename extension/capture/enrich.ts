// Reads what the context-menu data leaves out, from the page itself (allowed by activeTab on a user click):
// the selection with its line breaks, and the text of a clicked link. Best effort and bounded in time.
import type { CaptureContext } from './draft';

const TIMEOUT_MS = 250;

/** Runs in the page: the current selection as typed, and the visible text of the link to `href`. */
function readPage(href: string | null): { selection: string; linkText: string } {
  const selection = globalThis.getSelection?.()?.toString() ?? '';
  let linkText = '';
  if (href) {
    for (const anchor of Array.from(document.querySelectorAll('a[href]'))) {
      if ((anchor as HTMLAnchorElement).href === href) {
        // innerText, not textContent: the link as the user saw it, without hidden text or script content.
        const text =
          // biome-ignore lint/performance/useDomNodeTextContent: see above
          (anchor as HTMLElement).innerText;
        linkText = (text || anchor.getAttribute('aria-label') || anchor.getAttribute('title') || '').trim();
        if (linkText) break;
      }
    }
  }
  return { selection, linkText };
}

export async function enrichContext(
  context: CaptureContext & { frameId?: number },
  tabId: number | undefined,
): Promise<CaptureContext> {
  const wantsSelection = !!context.selectionText;
  const wantsLinkText = !!context.linkUrl && !context.linkText;
  if (tabId === undefined || (!wantsSelection && !wantsLinkText) || !chrome.scripting?.executeScript) return context;
  try {
    const run = chrome.scripting.executeScript({
      target: { tabId, frameIds: [context.frameId ?? 0] },
      func: readPage,
      args: [context.linkUrl ?? null],
    });
    const timeout = new Promise<null>((resolve) => setTimeout(() => resolve(null), TIMEOUT_MS));
    const results = await Promise.race([run, timeout]);
    const page = results?.[0]?.result as ReturnType<typeof readPage> | undefined;
    if (!page) return context;
    // The page's selection keeps line breaks that the menu's flattened selectionText lost; use it only if it
    // is the same text, so a selection changed since the click is not captured by mistake.
    const flat = (text: string) => text.replace(/\s+/g, ' ').trim();
    const selectionText =
      wantsSelection && page.selection && flat(page.selection) === flat(context.selectionText ?? '')
        ? page.selection
        : context.selectionText;
    return { ...context, selectionText, linkText: context.linkText || page.linkText || undefined };
  } catch {
    // No access (a synthetic click, a restricted page): the menu's own data is still a complete capture.
    return context;
  }
}
