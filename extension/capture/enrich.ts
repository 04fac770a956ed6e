// Reads what the context-menu data leaves out, from the page itself (allowed by activeTab on a user click):
// what the page declares about itself (for a clean title and a description), the selection with its line
// breaks, the clicked link's text and title, and the clicked image's alt text and caption. Best effort and
// bounded in time: without access, the menu's own data is still a complete capture.
import type { CaptureContext } from './draft';
import { type PageReading, readPage } from './page-reader';

// Generous: a page that has not answered in this long is hung, and the menu's own data is still a capture.
const TIMEOUT_MS = 1500;

export async function enrichContext(
  context: CaptureContext & { frameId?: number },
  tabId: number | undefined,
): Promise<CaptureContext> {
  const { frameId, ...plain } = context;
  if (tabId === undefined || !chrome.scripting?.executeScript) return plain;
  try {
    const inFrame = (frame: number) =>
      chrome.scripting.executeScript({
        target: { tabId, frameIds: [frame] },
        func: readPage,
        args: [context.linkUrl ?? null, context.srcUrl ?? null],
      });
    // The page itself describes the capture; the clicked frame (an embedded widget) holds the selection or link.
    const frame = frameId ?? 0;
    const runs = Promise.all([inFrame(0), frame === 0 ? null : inFrame(frame).catch(() => null)]);
    const timeout = new Promise<null>((resolve) => setTimeout(() => resolve(null), TIMEOUT_MS));
    const results = await Promise.race([runs, timeout]);
    if (!results) return plain;
    const top = results[0]?.[0]?.result as PageReading | undefined;
    const clicked = (results[1]?.[0]?.result as PageReading | undefined) ?? top;
    if (!top || !clicked) return plain;
    // The page's selection keeps line breaks that the menu's flattened selectionText lost; use it only if it
    // is the same text, so a selection changed since the click is not captured by mistake.
    const flat = (text: string) => text.replace(/\s+/g, ' ').trim();
    const selectionText =
      context.selectionText && clicked.selection && flat(clicked.selection) === flat(context.selectionText)
        ? clicked.selection
        : context.selectionText;
    return {
      ...plain,
      ...(selectionText ? { selectionText } : {}),
      ...(context.linkText || clicked.link?.text ? { linkText: context.linkText || clicked.link?.text } : {}),
      page: {
        title: top.title,
        ogTitle: top.ogTitle,
        siteName: top.siteName,
        applicationName: top.applicationName,
        h1: top.h1,
        description: top.description,
        ...(clicked.link ? { linkTitle: clicked.link.title } : {}),
        ...(clicked.image ? { image: clicked.image } : {}),
      },
    };
  } catch {
    // No access (a synthetic click, a restricted page): the menu's own data is still a complete capture.
    return plain;
  }
}
