// The capture shortcut as it is really bound: read from browser.commands.getAll(), never assumed from the
// manifest's suggestion (an unpacked install or a key taken by another extension leaves it unbound).
import { useEffect, useState } from 'preact/hooks';
import browser from 'webextension-polyfill';
import { t } from '../i18n';
import { tParts } from '../i18n/parts';

export const CAPTURE_COMMAND = 'capture-page';
const IS_FIREFOX = import.meta.env.BROWSER === 'firefox';

/** The bound keys of a command: a string like "Alt+Shift+W", '' when none is bound, undefined while reading. */
export function useShortcut(name: string = CAPTURE_COMMAND): string | undefined {
  const [shortcut, setShortcut] = useState<string | undefined>(undefined);
  useEffect(() => {
    let live = true;
    browser.commands
      .getAll()
      .then((commands) => live && setShortcut(commands.find((c) => c.name === name)?.shortcut ?? ''))
      .catch(() => live && setShortcut(''));
    return () => {
      live = false;
    };
  }, [name]);
  return shortcut;
}

/** Keys as <kbd> parts: "Alt+Shift+W" → Alt + Shift + W. */
export function Keys({ shortcut }: { shortcut: string }) {
  const parts = shortcut.split('+');
  return (
    <kbd>
      {parts.map((part, i) => (
        <span key={`${i}-${part}`}>
          {i > 0 && '+'}
          {part}
        </span>
      ))}
    </kbd>
  );
}

/**
 * "Set a shortcut": Chrome opens its shortcuts page (extensions may open it; pages may not link to it);
 * Firefox does not let an extension open about:addons, so it gets the way there in words.
 */
export function SetShortcut() {
  if (IS_FIREFOX) {
    return <span>{tParts('shortcut_firefox', <em>{t('shortcut_firefoxManage')}</em>)}</span>;
  }
  return (
    <button
      type="button"
      class="btn small"
      onClick={() => void browser.tabs.create({ url: 'chrome://extensions/shortcuts' }).catch(() => undefined)}
    >
      {t('shortcut_set')}
    </button>
  );
}
