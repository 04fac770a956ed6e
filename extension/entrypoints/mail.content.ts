// Content script for Gmail and Outlook on the web, registered at runtime only when the user turns the
// integration on (optional host permissions): the in-page button, and the open message for a menu capture.
import browser from 'webextension-polyfill';
import { EXTRACT_MESSAGE_TYPE, extractEmail } from '../capture/extractors';
import { mountMailButton } from '../mail/button';

export default defineContentScript({
  // No `matches` here: WXT would turn them into required host permissions. The background registers this
  // script with chrome.scripting for the origins the user granted (see background/mail-integration.ts).
  registration: 'runtime',
  main(ctx) {
    const flag = '__waypointMail';
    const scope = globalThis as unknown as Record<string, boolean>;
    // Registered and also injected into an already open tab: run once.
    if (scope[flag]) return;
    scope[flag] = true;
    const button = mountMailButton();
    const onMessage = (message: unknown) => {
      if ((message as { type?: string } | null)?.type !== EXTRACT_MESSAGE_TYPE) return undefined;
      return Promise.resolve({ email: extractEmail(document, location.href) });
    };
    browser.runtime.onMessage.addListener(onMessage);
    ctx.onInvalidated(() => {
      button.destroy();
      browser.runtime.onMessage.removeListener(onMessage);
      scope[flag] = false;
    });
  },
});
