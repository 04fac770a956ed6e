// Team flows across machines: the invitation link is a page on the team server (here under a real host name),
// pasted whole into the other browser's options page; the inviter's member list names the newcomer live, without
// Refresh; the shortcut text says what is really bound.
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { EXTENSION_DIR, type ExtensionBrowser, launchExtension } from './harness';
import { type ServerProcess, startServerProcess } from './server-process';
import { createInvitation, createTeamInOptions, openInvitation } from './team';

const HOST = 'waypoint.atlas-crew.test';
const TEAM = 'Atlas crew';
const extensionDir = process.env.WAYPOINT_EXTENSION_DIR ?? EXTENSION_DIR;

let server: ServerProcess;
let a: ExtensionBrowser;
let b: ExtensionBrowser;
let serverUrl = '';
let optionsA: Page;
let link = '';

beforeAll(async () => {
  server = await startServerProcess();
  // Both "machines" reach the server by its host name, as teammates on other computers would.
  const args = [`--host-resolver-rules=MAP ${HOST} ${new URL(server.url).host}`];
  serverUrl = `http://${HOST}`;
  [a, b] = await Promise.all([launchExtension({ extensionDir, args }), launchExtension({ extensionDir, args })]);
});
afterAll(async () => {
  await Promise.allSettled([a?.close(), b?.close()]);
  await server?.stop();
});

describe('invitations that work on another machine', () => {
  it('"Copy invitation" gives the server link, not an extension URL', async () => {
    optionsA = await createTeamInOptions(a, { serverUrl, teamName: TEAM, userName: 'Ada' });
    link = await createInvitation(optionsA);
    expect(link).toMatch(new RegExp(`^http://${HOST.replace(/\./g, '\\.')}/join/[A-Za-z0-9_-]{8,64}$`));
    await optionsA.getByRole('button', { name: 'Copy invitation' }).click();
    await optionsA.getByRole('status').filter({ hasText: 'Copied.' }).waitFor();
    // What was copied is what a person pastes: paste it with the keyboard into a scratch field.
    const scratch = await a.open('options.html');
    await scratch.evaluate(() =>
      document.body.prepend(Object.assign(document.createElement('textarea'), { id: 'paste' })),
    );
    await scratch.locator('#paste').focus();
    await scratch.keyboard.press('Control+V');
    await expect.poll(() => scratch.locator('#paste').inputValue()).toBe(link);
    await scratch.close();
  });

  it('the link opens a page on the server that says what Waypoint is and how to join, without script', async () => {
    const page = await b.context.newPage();
    const response = await page.goto(link);
    expect(response?.status()).toBe(200);
    expect(response?.headers()['content-security-policy']).toContain("default-src 'none'");
    await page.getByRole('heading', { level: 1, name: 'You are invited to a team on Waypoint' }).waitFor();
    await page.getByText('Waypoint is a browser extension').waitFor();
    await page.getByRole('term').filter({ hasText: 'Invitation link' }).waitFor();
    expect(await page.locator('dd code').first().textContent()).toBe(link);
    expect(await page.locator('script').count()).toBe(0);
    await page.close();
  });

  it('a broken link is explained in the join form and joins nothing', async () => {
    const { options, join } = await openInvitation(b, `${serverUrl}/team/whatever`, 'Bo');
    await join.click();
    await options.getByRole('alert').filter({ hasText: 'not a Waypoint invitation' }).waitFor();
    await options.close();
  });

  it('B pastes the whole link; A sees Bo in the member list at once, without Refresh', async () => {
    const membersA = optionsA.getByRole('list', { name: `Members of ${TEAM}` });
    await membersA.getByText('Ada').waitFor();
    expect(await membersA.getByText('Bo').count()).toBe(0);
    const { options, join } = await openInvitation(b, link, 'Bo');
    await join.click();
    await options.getByText(`Signed in to ${serverUrl} as Bo.`).waitFor();
    await options
      .getByRole('list', { name: `Members of ${TEAM}` })
      .getByText('Ada')
      .waitFor();
    // A never clicked "Refresh teams": the server's {type:'members'} message made A's worker refetch.
    await membersA.getByText('Bo').waitFor({ timeout: 15_000 });
  });
});

describe('shortcuts that tell the truth', () => {
  it('the popup and options name the keys commands.getAll() reports, or offer "Set a shortcut"', async () => {
    const popup = await b.open('popup.html');
    const bound = await popup.evaluate(async () => {
      const commands = await chrome.commands.getAll();
      return commands.find((c) => c.name === 'capture-page')?.shortcut ?? '';
    });
    await popup.getByText('Nothing to do yet.').waitFor();
    const empty = popup.locator('.empty');
    if (bound) {
      await expect.poll(() => empty.locator('kbd').first().textContent()).toBe(bound);
    } else {
      await empty.getByRole('button', { name: 'Set a shortcut' }).waitFor();
      expect(await empty.locator('kbd').count()).toBe(0);
    }
    const options = await b.open('options.html');
    const keyboard = options.getByRole('region', { name: 'Keyboard' });
    if (bound) await expect.poll(() => keyboard.locator('kbd').first().textContent()).toBe(bound);
    else await keyboard.getByRole('button', { name: 'Set a shortcut' }).waitFor();
    await Promise.all([popup.close(), options.close()]);
  });
});
