// The page in the active tab, as tracked by the background, following the user as they switch tabs.
import { useEffect, useState } from 'preact/hooks';
import browser from 'webextension-polyfill';
import { ACTIVE_PAGE_KEY, type ActivePage, readActivePage } from '../background/active-page';

export function useActivePage(): ActivePage | null {
  const [page, setPage] = useState<ActivePage | null>(null);
  useEffect(() => {
    void readActivePage().then(setPage);
    const onChanged = (changes: Record<string, browser.Storage.StorageChange>, area: string) => {
      if (area === 'session' && ACTIVE_PAGE_KEY in changes)
        setPage((changes[ACTIVE_PAGE_KEY]?.newValue as ActivePage | null) ?? null);
    };
    browser.storage.onChanged.addListener(onChanged);
    return () => browser.storage.onChanged.removeListener(onChanged);
  }, []);
  return page;
}
