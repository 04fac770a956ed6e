// Unit tests run in Node: give Dexie an in-memory IndexedDB, and `browser.i18n` the real `_locales` tables.
import 'fake-indexeddb/auto';
import { installFakeI18n } from './extension/i18n-fake';

installFakeI18n();
