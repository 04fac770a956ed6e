// The toolbar button's API: `action` in Chrome's Manifest V3 build, `browserAction` in Firefox's Manifest V2 build
// (where `browser.action` does not exist). Chosen at build time, so each bundle holds only its browser's name.
import browser from 'webextension-polyfill';

export interface ToolbarAction {
  /** `null` on a tab clears its own text, so it shows the global badge again. */
  setBadgeText(details: { text: string | null; tabId?: number }): Promise<void>;
  setBadgeBackgroundColor(details: { color: string; tabId?: number }): Promise<void>;
}

export const toolbarAction = (): ToolbarAction => (import.meta.env.FIREFOX ? browser.browserAction : browser.action);
