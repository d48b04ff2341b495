import { defineConfig } from 'wxt';

// Build-time settings. The default list subscription (URL + pinned keyset) is added by the list-sync work;
// the demo points it at the local `lists serve` server.
export default defineConfig({
  modules: ['@wxt-dev/webextension-polyfill'],
  srcDir: '.',
  entrypointsDir: 'entrypoints',
  publicDir: 'public',
  manifest: ({ browser }) => ({
    name: '__MSG_extName__',
    description: '__MSG_extDescription__',
    default_locale: 'en',
    permissions: ['storage', 'unlimitedStorage', 'declarativeNetRequest', 'webNavigation', 'tabs', 'alarms', 'scripting'],
    host_permissions: ['<all_urls>'],
    action: { default_title: '__MSG_extName__' },
    web_accessible_resources: [{ resources: ['warning.html'], matches: ['<all_urls>'] }],
    ...(browser === 'firefox'
      ? { browser_specific_settings: { gecko: { id: 'scamsentinel@example.org', strict_min_version: '128.0' } } }
      : {}),
  }),
});
