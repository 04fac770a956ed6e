// What a capture reads from the page, on pages served under their real host names over HTTPS with the page
// access a real menu click gives (activeTab; a copy of the build holds those hosts instead, since a dispatched
// click grants nothing): clean titles without site name and trail, og:title for an empty <title>, a private
// description, links captured as their target, images titled by their alt text, and a selection whose title
// is its page's while the quote stays private — in the one-click menu and in the capture dialog.
import { cpSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  clickContextMenu,
  EXTENSION_DIR,
  type ExtensionBrowser,
  launchExtension,
  type RealHostServer,
  serveOnRealHosts,
  tabOf,
} from './harness';
import { row, storedTasks, waitForTasks } from './ui';

const BBC = 'https://www.bbc.co.uk/news/world-us-canada-33646171';
const NRA = 'https://www.bbc.co.uk/news/world-us-canada-33600000';
const CHART = 'https://www.bbc.co.uk/img/gun-deaths.png';
const GUARDIAN = 'https://www.theguardian.com/environment/2024/nov/20/new-zealand-whale-strandings';
const ISSUE = 'https://github.com/acme/shop/issues/42';
const BLOG = 'https://blog.acme.dev/posts/launch-retro';
const HOSTS = ['www.bbc.co.uk', 'www.theguardian.com', 'github.com', 'blog.acme.dev'];

const PAGES: Record<string, string> = {
  [BBC]: `<!doctype html><html lang="en"><head>
<title>Obama admits US gun laws are his biggest frustration - BBC News</title>
<meta property="og:title" content="Obama admits US gun laws are his biggest frustration">
<meta property="og:site_name" content="BBC News">
<meta name="description" content="The president says the failure to pass common sense gun safety laws is his greatest frustration.">
</head><body><header><nav><a href="/news">Home</a> <a href="/sport">Sport</a></nav></header>
<main><article><h1>Obama admits US gun laws are his biggest frustration</h1><p>By Jon Sopel</p>
<p>President Barack Obama has said the failure to pass "common sense gun safety laws" is the greatest frustration of his presidency.</p>
<p>Read more: <a id="nra" href="${NRA}" title="US gun control: What is the NRA?">What is the NRA?</a></p>
<figure><img id="chart" src="${CHART}" alt="Chart of gun deaths in the US since 2000" width="40" height="20"><figcaption>Gun deaths, 2000-2015</figcaption></figure>
</article></main></body></html>`,
  [GUARDIAN]: `<!doctype html><html lang="en"><head>
<title>Scientists baffled by surge in New Zealand whale strandings | Eleanor Ainge Roy | Environment | The Guardian</title>
<meta property="og:site_name" content="the Guardian">
</head><body><header><p>Support the Guardian: fund independent journalism with a monthly contribution today.</p></header>
<main><h1>Scientists baffled by surge in New Zealand whale strandings</h1><p>Eleanor Ainge Roy</p><p>Share</p>
<p id="lead">More than 300 pilot whales have stranded on the beaches of the South Island this month, the highest number in a decade.</p>
<p>Volunteers worked through the night.</p></main></body></html>`,
  [ISSUE]: `<!doctype html><html lang="en"><head><title>Checkout fails on Safari · Issue #42 · acme/shop · GitHub</title>
<meta property="og:site_name" content="GitHub"><meta name="description" content="Checkout fails on Safari 17 with a blank payment form.">
</head><body><main><h1><bdi>Checkout fails on Safari</bdi> <span>#42</span></h1></main></body></html>`,
  [BLOG]: `<!doctype html><html lang="en"><head><title></title>
<meta property="og:title" content="What we learned from the launch">
</head><body><main><article><h1>Launch retro</h1>
<p>Six weeks after the launch, here is what went well, what did not, and what we will change for the next one.</p>
</article></main></body></html>`,
};

let browser: ExtensionBrowser;
let hosts: RealHostServer;
let buildCopy: string;

beforeAll(async () => {
  hosts = await serveOnRealHosts(HOSTS, (host, path, res) => {
    const html = PAGES[`https://${host}${path}`];
    if (html) res.writeHead(200, { 'content-type': 'text/html; charset=utf-8' }).end(html);
    else res.writeHead(404).end('not found');
  });
  buildCopy = mkdtempSync(join(tmpdir(), 'waypoint-page-build-'));
  cpSync(EXTENSION_DIR, buildCopy, { recursive: true });
  const manifestPath = join(buildCopy, 'manifest.json');
  const manifest = JSON.parse(readFileSync(manifestPath, 'utf8'));
  manifest.host_permissions = HOSTS.map((h) => `https://${h}/*`);
  writeFileSync(manifestPath, JSON.stringify(manifest));
  browser = await launchExtension({ extensionDir: buildCopy, args: hosts.args });
});
afterAll(async () => {
  await browser?.close();
  await hosts?.close();
  if (buildCopy) rmSync(buildCopy, { recursive: true, force: true });
});

interface Row {
  title: string;
  privateExcerpt?: string;
  privateDescription?: string;
  source: Record<string, string | undefined> & { kind: string; url: string };
}

async function openTab(url: string) {
  const page = await browser.context.newPage();
  await page.goto(url);
  await page.waitForLoadState();
  return { page, tab: await tabOf(browser.worker, url) };
}

async function captured(predicate: (task: Row) => boolean): Promise<Row> {
  const tasks = await waitForTasks(browser.worker, (all) => all.some((t) => predicate(t as unknown as Row)));
  return tasks.find((t) => predicate(t as unknown as Row)) as unknown as Row;
}

describe('page capture reads the page', () => {
  it.each([
    [
      BBC,
      'Obama admits US gun laws are his biggest frustration',
      'The president says the failure to pass common sense gun safety laws is his greatest frustration.',
    ],
    [
      GUARDIAN,
      'Scientists baffled by surge in New Zealand whale strandings',
      'More than 300 pilot whales have stranded on the beaches of the South Island this month, the highest number in a decade.',
    ],
    [ISSUE, 'Checkout fails on Safari (#42)', undefined],
    [
      BLOG,
      'What we learned from the launch',
      'Six weeks after the launch, here is what went well, what did not, and what we will change for the next one.',
    ],
  ])('%s', async (url, title, description) => {
    const { page, tab } = await openTab(url);
    await clickContextMenu(browser.worker, { menuItemId: 'capture:inbox', pageUrl: url, frameId: 0 }, tab);
    const task = await captured((t) => t.source?.url === url && t.source.kind !== 'link');
    expect(task.title).toBe(title);
    // The raw title stays in the source; the description is private like a quote.
    expect(task.source.pageTitle).toBe(tab.title);
    expect(task.source.description).toBeUndefined();
    if (description) expect(task.privateDescription).toBe(description);
    await page.close();
  });

  it('captures a link as its target, titled by the link, with the page as context', async () => {
    const { page, tab } = await openTab(BBC);
    await clickContextMenu(
      browser.worker,
      { menuItemId: 'capture:inbox', pageUrl: BBC, linkUrl: NRA, frameId: 0 },
      tab,
    );
    const task = await captured((t) => t.source?.kind === 'link');
    expect(task.title).toBe('What is the NRA?');
    expect(task.source).toMatchObject({ url: NRA, linkUrl: NRA, contextUrl: BBC, contextTitle: tab.title });
    expect(task.source.pageTitle).toBe('US gun control: What is the NRA?');
    const popup = await browser.open('popup.html');
    const item = row(popup, 'What is the NRA?');
    await item.waitFor();
    expect(await item.getByRole('link', { name: /^Open source/ }).getAttribute('href')).toBe(NRA);
    await popup.close();
    await page.close();
  });

  it('titles an image capture by its alt text', async () => {
    const { page, tab } = await openTab(BBC);
    await clickContextMenu(
      browser.worker,
      { menuItemId: 'capture:inbox', pageUrl: BBC, mediaType: 'image', srcUrl: CHART, frameId: 0 },
      tab,
    );
    const task = await captured((t) => t.source?.kind === 'image');
    expect(task.title).toBe('Chart of gun deaths in the US since 2000');
    expect(task.source).toMatchObject({
      url: BBC,
      imageUrl: CHART,
      imageAlt: 'Chart of gun deaths in the US since 2000',
    });
    await page.close();
  });
});

describe('a selection keeps its quote private', () => {
  const quote = 'More than 300 pilot whales have stranded on the beaches of the South Island this month';

  it('the one-click capture is titled by its page, the quote stays on this device', async () => {
    const { page, tab } = await openTab(GUARDIAN);
    await page.evaluate(() => {
      const lead = document.getElementById('lead')?.firstChild;
      if (!lead) throw new Error('no lead paragraph');
      getSelection()?.setBaseAndExtent(lead, 0, lead, 86);
    });
    await clickContextMenu(
      browser.worker,
      { menuItemId: 'capture:inbox', pageUrl: GUARDIAN, selectionText: quote, frameId: 0 },
      tab,
    );
    const task = await captured((t) => t.source?.kind === 'selection');
    expect(task.title).toBe('Scientists baffled by surge in New Zealand whale strandings');
    expect(task.privateExcerpt).toBe(quote);
    expect(JSON.stringify(task.source)).not.toContain('pilot whales');
    await page.close();
  });

  it('the capture dialog starts from the page title and says what teammates will see', async () => {
    const { page, tab } = await openTab(GUARDIAN);
    const opened = page.waitForEvent('framenavigated', { predicate: (f) => f.url().includes('/capture.html') });
    await clickContextMenu(
      browser.worker,
      { menuItemId: 'capture:choose', pageUrl: GUARDIAN, selectionText: quote, frameId: 0 },
      tab,
    );
    const dialog = await opened;
    await dialog.getByRole('heading', { name: 'Add to Waypoint' }).waitFor();
    await expect
      .poll(() => dialog.getByLabel('Title', { exact: true }).inputValue())
      .toBe('Scientists baffled by surge in New Zealand whale strandings');
    await expect.poll(() => dialog.locator('blockquote.excerpt').textContent()).toBe(quote);
    await expect.poll(() => dialog.locator('#capture-visibility').textContent()).toMatch(/Only you will see/);
    // Sharing the quote may title the task by it; taking the share back restores the page's title.
    const share = dialog.getByLabel(/Share this quote/);
    await share.check();
    await expect.poll(() => dialog.getByLabel('Title', { exact: true }).inputValue()).toBe(quote);
    await share.uncheck();
    await expect
      .poll(() => dialog.getByLabel('Title', { exact: true }).inputValue())
      .toBe('Scientists baffled by surge in New Zealand whale strandings');
    await dialog.getByLabel('Title', { exact: true }).press('Escape');
    await expect.poll(() => page.frames().some((f) => f.url().includes('/capture.html'))).toBe(false);
    expect((await storedTasks(browser.worker)).filter((t) => t.source?.kind === 'selection')).toHaveLength(1);
    await page.close();
  });
});
