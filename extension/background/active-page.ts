// Tracks the web page the user is looking at, so the side panel and the badge follow tab switches.
import browser from 'webextension-polyfill';

export interface ActivePage {
  tabId: number;
  windowId: number;
  url: string;
  title: string;
  favIconUrl?: string;
}

export const ACTIVE_PAGE_KEY = 'activePage';

const isWebPage = (url: string | undefined): url is string => !!url && /^(https?|file):/.test(url);

/** Start tracking; `onChange` receives the page (or null on a non-web tab) whenever it changes. */
export function trackActivePage(onChange: (page: ActivePage | null) => void): void {
  let last: string | undefined;
  const publish = async (tab: browser.Tabs.Tab | undefined) => {
    // Extension pages (the side panel opened as a tab, the options page) are not "the page you are on".
    if (tab?.url?.startsWith(browser.runtime.getURL(''))) return;
    const page: ActivePage | null =
      tab && tab.id !== undefined && isWebPage(tab.url)
        ? {
            tabId: tab.id,
            windowId: tab.windowId ?? -1,
            url: tab.url,
            title: tab.title ?? '',
            ...(tab.favIconUrl ? { favIconUrl: tab.favIconUrl } : {}),
          }
        : null;
    const key = JSON.stringify(page);
    if (key === last) return;
    last = key;
    await browser.storage.session.set({ [ACTIVE_PAGE_KEY]: page });
    onChange(page);
  };
  const refresh = async () => {
    const [tab] = await browser.tabs.query({ active: true, lastFocusedWindow: true });
    await publish(tab);
  };
  browser.tabs.onActivated.addListener(async ({ tabId }) => publish(await browser.tabs.get(tabId)));
  browser.tabs.onUpdated.addListener(async (_id, change, tab) => {
    if (tab.active && (change.url || change.title || change.status === 'complete')) await publish(tab);
  });
  browser.windows.onFocusChanged.addListener(() => void refresh());
  void refresh();
}

export async function readActivePage(): Promise<ActivePage | null> {
  const stored = await browser.storage.session.get(ACTIVE_PAGE_KEY);
  return (stored[ACTIVE_PAGE_KEY] as ActivePage | null | undefined) ?? null;
}
