// E2E team helpers through the real options page and side panel: create a team, invite, join by link, share.
import type { Locator, Page } from 'playwright-core';
import { type ExtensionBrowser, waitUntil } from './harness';

/** Create a team in the options page's "Create a team" form; resolves once the page shows the signed-in view. */
export async function createTeamInOptions(
  browser: ExtensionBrowser,
  input: { serverUrl: string; teamName: string; userName: string; moveDeviceData?: boolean; allowInsecure?: boolean },
): Promise<Page> {
  const options = await browser.open('options.html#team');
  const form = options.getByRole('form', { name: 'Create a team' });
  await form.getByLabel('Server address').fill(input.serverUrl);
  await form.getByLabel('Team name').fill(input.teamName);
  await form.getByLabel('Your name').fill(input.userName);
  // Keeping what is on this device is the default; moving it is a choice the person makes.
  if (input.moveDeviceData) await form.getByLabel(/^Move all .* into the team server/).check();
  // A test host name on plain http:// is "the network" to the join rule: the exception, as a person would tick it.
  if (input.allowInsecure) await form.getByLabel(/^Connect without encryption anyway/).check();
  await form.getByRole('button', { name: 'Create team' }).click();
  await options.getByText(`Signed in to ${input.serverUrl} as ${input.userName}.`).waitFor();
  return options;
}

/** Click "Create invitation" in a signed-in options page; returns the invitation link it shows. */
export async function createInvitation(options: Page): Promise<string> {
  await options.getByRole('button', { name: 'Create invitation' }).click();
  const field = options.getByLabel('Invitation link');
  // Also called from hooks, where expect.poll is not allowed.
  return waitUntil(
    () => field.inputValue(),
    (link) => /^https?:\/\/.+\/join\/[A-Za-z0-9_-]+$/.test(link),
    'the invitation link',
  );
}

/**
 * Paste an invitation link (`<server>/join/<code>`) into this browser's options page ("Join with an invite" →
 * "Invitation link") and fill "Your name"; returns the "Join" button for the caller to click (and time).
 */
export async function openInvitation(
  browser: ExtensionBrowser,
  link: string,
  userName: string,
  { allowInsecure = false } = {},
): Promise<{ options: Page; join: Locator }> {
  const options = await browser.context.newPage();
  await options.goto(`chrome-extension://${browser.extensionId}/options.html?mode=join#team`);
  const form = options.getByRole('form', { name: 'Join a team' });
  await form.getByLabel('Invitation link').fill(link);
  await form.getByLabel('Your name').fill(userName);
  if (allowInsecure)
    await form
      .getByRole('alert')
      .getByLabel(/^Connect without encryption anyway/)
      .check();
  return { options, join: form.getByRole('button', { name: 'Join', exact: true }) };
}

export async function joinByLink(browser: ExtensionBrowser, link: string, userName: string): Promise<Page> {
  const { options, join } = await openInvitation(browser, link, userName);
  await join.click();
  await options.getByText(/^Signed in to .* as /).waitFor();
  return options;
}

/** Create a project shared with a team through the side panel's "New project" dialog; returns its id. */
export async function createSharedProject(panel: Page, name: string, teamName: string): Promise<string> {
  await panel.getByRole('button', { name: 'New project', exact: true }).click();
  const dialog = panel.getByRole('dialog', { name: 'New project' });
  await dialog.getByLabel('Name').fill(name);
  await dialog.getByLabel('Shared with').selectOption({ label: `Team: ${teamName}` });
  await dialog.getByRole('button', { name: 'Create project' }).click();
  await dialog.waitFor({ state: 'detached' });
  return projectId(panel, name);
}

/** The id of a project as listed in the side panel's "Project" select (waits for it to be listed). */
export async function projectId(panel: Page, name: string): Promise<string> {
  const option = panel.getByLabel('Project', { exact: true }).locator('option', { hasText: name });
  await option.waitFor({ state: 'attached' });
  const id = await option.getAttribute('value');
  if (!id) throw new Error(`Project ${name} has no id`);
  return id;
}

/** The side panel's sync status line. */
export const syncStatus = (page: Page): Locator => page.locator('.sync-status');
