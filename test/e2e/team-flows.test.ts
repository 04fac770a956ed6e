// Team flows across machines: the invitation link is a page on the team server (here under a real host name),
// pasted whole into the other browser's options page; the inviter's member list names the newcomer live, without
// Refresh; the shortcut text says what is really bound.
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { EXTENSION_DIR, type ExtensionBrowser, launchExtension } from './harness';
import { type ServerProcess, startServerProcess } from './server-process';
import { createInvitation, createSharedProject, createTeamInOptions, openInvitation } from './team';

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
    optionsA = await createTeamInOptions(a, { serverUrl, teamName: TEAM, userName: 'Ada', allowInsecure: true });
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
    const { options, join } = await openInvitation(b, link, 'Bo', { allowInsecure: true });
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

describe('mentions', () => {
  const PROJECT = 'Atlas launch';
  let panelA: Page;
  let panelB: Page;
  let projectId = '';
  const discussion = (panel: Page) => panel.locator('#discussion');

  it('A types "@B", picks Bo from the autocomplete and posts', async () => {
    panelA = await a.open('sidepanel.html');
    projectId = await createSharedProject(panelA, PROJECT, TEAM);
    await panelA.getByLabel('Project', { exact: true }).selectOption(projectId);
    const field = discussion(panelA).getByRole('textbox', { name: 'Comment' });
    await field.click();
    await field.pressSequentially('Can you review this, @B');
    const option = discussion(panelA).getByRole('option', { name: 'Bo' });
    await option.waitFor();
    await panelA.keyboard.press('Enter');
    await expect.poll(() => field.inputValue()).toBe('Can you review this, @Bo ');
    await field.pressSequentially('before Friday?');
    await discussion(panelA).getByRole('button', { name: 'Comment', exact: true }).click();
    await discussion(panelA).locator('.comment .mention', { hasText: '@Bo' }).waitFor();
  });

  it('B is notified once and finds the comment under Mentions', async () => {
    const notified = () =>
      b.worker.evaluate(async () =>
        Object.keys(await chrome.notifications.getAll()).filter((id) => id.startsWith('mention:')),
      );
    await expect.poll(notified, { timeout: 20_000 }).toHaveLength(1);
    // "Seen" lives in the database: the claimed id is stored, so a restarted worker does not notify again.
    const stored = await b.worker.evaluate(async () => {
      const open = indexedDB.open('waypoint');
      const db = await new Promise<IDBDatabase>((resolve) => (open.onsuccess = () => resolve(open.result)));
      const row = await new Promise<{ value: string[] } | undefined>((resolve) => {
        const get = db.transaction('settings').objectStore('settings').get('mentions.notified');
        get.onsuccess = () => resolve(get.result);
      });
      db.close();
      return row?.value ?? [];
    });
    expect((await notified()).map((id) => id.slice('mention:'.length))).toEqual(stored);
    panelB = await b.open('sidepanel.html');
    const mentions = panelB.getByRole('region', { name: /Mentions/ });
    await mentions.getByText('before Friday?').waitFor();
    await mentions.getByText('Ada', { exact: true }).waitFor();
    await mentions.getByRole('button', { name: PROJECT }).click();
    await discussion(panelB).getByText('before Friday?').waitFor();
    // Only authors edit and delete: B sees no such buttons on Ada's comment.
    expect(await discussion(panelB).getByRole('button', { name: 'Edit comment' }).count()).toBe(0);
  });

  it('the author edits and deletes the comment; B sees both', async () => {
    const comment = discussion(panelA).locator('.comment').first();
    await comment.getByRole('button', { name: 'Edit comment' }).click();
    const editor = discussion(panelA).getByRole('textbox', { name: 'Edit comment' });
    await editor.fill('Can you review this, @Bo, before Thursday?');
    await discussion(panelA).getByRole('form', { name: 'Edit comment' }).getByRole('button', { name: 'Save' }).click();
    await discussion(panelA).getByText('before Thursday?').waitFor();
    await discussion(panelB).getByText('before Thursday?').waitFor({ timeout: 20_000 });
    await discussion(panelA).locator('.comment').first().getByRole('button', { name: 'Delete comment' }).click();
    await discussion(panelA).locator('.comment').waitFor({ state: 'detached' });
    await discussion(panelB).locator('.comment').waitFor({ state: 'detached', timeout: 20_000 });
    await Promise.all([panelA.close(), panelB.close()]);
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
