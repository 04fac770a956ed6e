// Member lifecycle end to end: two Chromium profiles, the built extension and a real server process. The owner
// changes a member's role and removes them in the options page; the removed member's sync stops with a clear
// message (their only device was signed out), and their devices list had shown this browser.
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { EXTENSION_DIR, type ExtensionBrowser, launchExtension } from './harness';
import { type ServerProcess, startServerProcess } from './server-process';
import { createInvitation, createTeamInOptions, joinByLink, syncStatus } from './team';

const TEAM = 'Harbour crew';
let server: ServerProcess;
let a: ExtensionBrowser;
let b: ExtensionBrowser;
let optionsA: Page;
let optionsB: Page;
const extensionDir = process.env.WAYPOINT_EXTENSION_DIR ?? EXTENSION_DIR;

beforeAll(async () => {
  [server, a, b] = await Promise.all([
    startServerProcess(),
    launchExtension({ extensionDir }),
    launchExtension({ extensionDir }),
  ]);
});
afterAll(async () => {
  await Promise.allSettled([a?.close(), b?.close()]);
  await server?.stop();
});

const membersOf = (page: Page) => page.getByRole('list', { name: `Members of ${TEAM}` });

describe('member lifecycle in the options page', () => {
  it('B joins and sees this browser in "Your devices"', async () => {
    optionsA = await createTeamInOptions(a, { serverUrl: server.url, teamName: TEAM, userName: 'Ada' });
    const link = await createInvitation(optionsA);
    optionsB = await joinByLink(b, link, 'Bo');
    await membersOf(optionsB).getByText('Bo').waitFor();
    const devices = optionsB.getByRole('list', { name: 'Devices' });
    await devices.getByText('(this browser)').waitFor();
    // The member has no controls over the owner.
    await expect.poll(() => membersOf(optionsB).getByRole('button', { name: 'Remove' }).count()).toBe(0);
    await optionsB.getByRole('button', { name: 'Leave team' }).waitFor();
  });

  it('the owner makes B a guest, then removes B; B is told its sign-in is no longer accepted', async () => {
    await optionsA.getByRole('button', { name: 'Refresh teams' }).click();
    const role = optionsA.getByLabel(`Role of Bo in ${TEAM}`);
    await role.waitFor();
    await role.selectOption('guest');
    await expect.poll(() => role.inputValue()).toBe('guest');
    await optionsB.getByRole('button', { name: 'Refresh teams' }).click();
    await membersOf(optionsB).getByText('guest').waitFor();

    const bo = membersOf(optionsA).getByRole('listitem').filter({ hasText: 'Bo' });
    await bo.getByRole('button', { name: 'Remove' }).click();
    await bo.getByText(`Remove Bo from ${TEAM}? Their access ends at once.`).waitFor();
    await bo.getByRole('button', { name: 'Yes, remove' }).click();
    await expect.poll(() => membersOf(optionsA).getByText('Bo').count()).toBe(0);

    // B's next sync (here asked for at once, as the periodic one would) is refused with a plain explanation.
    await optionsB.evaluate(() => chrome.runtime.sendMessage({ type: 'sync.now', payload: {} }).catch(() => null));
    await expect
      .poll(() => syncStatus(optionsB).textContent(), { timeout: 20_000 })
      .toMatch(/no longer accepts this browser's sign-in/);
  });
});
