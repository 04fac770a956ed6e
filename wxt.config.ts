// WXT build configuration: sources live in extension/, one manifest for Chrome (MV3) and Firefox.
import { defineConfig } from 'wxt';

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
          browser_specific_settings: { gecko: { id: 'waypoint@waypoint.dev', strict_min_version: '115.0' } },
        }
      : {}),
  }),
});
