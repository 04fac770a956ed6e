// WXT build configuration: sources live in extension/, one manifest for Chrome (MV3) and Firefox.
import { defineConfig } from 'wxt';
import { extensionBundleRewrites } from './scripts/extension-bundle-rewrites';

/** Gmail and Outlook on the web: asked for only when the user turns the integration on (Options > Integrations). */
const MAIL_ORIGINS = [
  'https://mail.google.com/*',
  'https://outlook.office.com/*',
  'https://outlook.office365.com/*',
  'https://outlook.live.com/*',
];

export default defineConfig({
  srcDir: 'extension',
  outDir: '.output',
  publicDir: 'extension/public',
  vite: () => ({
    plugins: [extensionBundleRewrites()],
    oxc: { jsx: { runtime: 'automatic', importSource: 'preact' } },
    resolve: { alias: { react: 'preact/compat', 'react-dom': 'preact/compat' } },
    build: { sourcemap: false, target: 'es2022' },
  }),
  manifest: ({ browser }) => ({
    // Words of the manifest come from extension/public/_locales (English default, French).
    name: '__MSG_extName__',
    description: '__MSG_extDescription__',
    default_locale: 'en',
    permissions: [
      'contextMenus',
      'storage',
      'unlimitedStorage',
      'activeTab',
      'scripting',
      'tabs',
      'alarms',
      'notifications',
      ...(browser === 'firefox' ? [] : ['sidePanel']),
    ],
    // Firefox builds Manifest V2, where optional origins are listed with the optional permissions.
    ...(browser === 'firefox' ? { optional_permissions: MAIL_ORIGINS } : { optional_host_permissions: MAIL_ORIGINS }),
    // The capture dialog can be shown inside the page (in an iframe) after a real click on the menu. Chrome
    // serves it only under a per-session dynamic URL, so a page cannot probe chrome-extension://<id>/ to tell
    // that Waypoint is installed (Firefox's moz-extension:// host is already a random per-install UUID).
    web_accessible_resources:
      browser === 'firefox'
        ? ['capture.html']
        : [{ resources: ['capture.html'], matches: ['<all_urls>'], use_dynamic_url: true }],
    action: { default_title: '__MSG_extName__' },
    commands: {
      'capture-page': {
        suggested_key: { default: 'Alt+Shift+W' },
        description: '__MSG_commandCapturePage__',
      },
      // Firefox builds Manifest V2, where the popup's command has its MV2 name.
      [browser === 'firefox' ? '_execute_browser_action' : '_execute_action']: {
        suggested_key: { default: 'Alt+Shift+Y' },
        description: '__MSG_commandOpenTasks__',
      },
    },
    ...(browser === 'firefox'
      ? {
          browser_specific_settings: {
            gecko: {
              id: 'waypoint@waypoint.dev',
              // 140 (the ESR of 2025) is the first desktop Firefox that reads data_collection_permissions.
              strict_min_version: '140.0',
              // Nothing leaves the browser until the person connects a team server; from then on the tasks they
              // capture (page addresses, titles, quotes, e-mail senders) and their name sync to that server.
              data_collection_permissions: {
                required: ['browsingActivity', 'websiteContent', 'personallyIdentifyingInfo'],
              },
            },
            // Firefox for Android reads the key from 142.
            gecko_android: { strict_min_version: '142.0' },
          },
        }
      : {}),
  }),
});
