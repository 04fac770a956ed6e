// Documents captured from the pages they really live on (served under their real host names): a clean
// title, the kind of document, a canonical link — Google Docs, a GitHub issue and a PDF in Chromium's viewer.
import { readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  clickContextMenu,
  type ExtensionBrowser,
  launchExtension,
  type RealHostServer,
  serveOnRealHosts,
  tabOf,
} from './harness';
import { storedTasks } from './ui';

const FIXTURES = resolve(import.meta.dirname, '../fixtures/docs');
const HOSTS = [
  'docs.google.com',
  'github.com',
  'files.acme.example',
  'gitlab.com',
  'acme.atlassian.net',
  'linear.app',
  'www.notion.so',
  'acme.sharepoint.com',
];

/** Pages of the other apps, titled as those apps title them (path → <title>). */
const APP_PAGES: Record<string, string> = {
  'https://gitlab.com/acme/shop/-/issues/42': 'Checkout fails on Safari (#42) · Issues · acme / shop · GitLab',
  'https://acme.atlassian.net/browse/SHOP-42': '[SHOP-42] Checkout fails on Safari - Jira',
  'https://acme.atlassian.net/wiki/spaces/ENG/pages/123456/Release+checklist':
    'Release checklist - Engineering - Confluence',
  'https://linear.app/acme/issue/ENG-128/checkout-fails-on-safari': 'Checkout fails on Safari | ENG-128 | Linear',
  'https://www.notion.so/acme/Q3-roadmap-0123456789abcdef0123456789abcdef': 'Q3 roadmap | Notion',
  'https://acme.sharepoint.com/:x:/r/sites/team/_layouts/15/Doc.aspx?file=Costs.xlsx':
    'Costs.xlsx - Microsoft Excel Online',
};

/** A one-page PDF with a title in its metadata, written by hand (no PDF tool needed). */
function tinyPdf(): Buffer {
  const objects = [
    '<< /Type /Catalog /Pages 2 0 R >>',
    '<< /Type /Pages /Kids [3 0 R] /Count 1 >>',
    '<< /Type /Page /Parent 2 0 R /MediaBox [0 0 200 100] >>',
    '<< /Title (Annual report 2026) >>',
  ];
  let body = '%PDF-1.4\n';
  const offsets: number[] = [];
  objects.forEach((object, i) => {
    offsets.push(Buffer.byteLength(body));
    body += `${i + 1} 0 obj\n${object}\nendobj\n`;
  });
  const xref = Buffer.byteLength(body);
  body += `xref\n0 ${objects.length + 1}\n0000000000 65535 f \n`;
  for (const offset of offsets) body += `${String(offset).padStart(10, '0')} 00000 n \n`;
  body += `trailer\n<< /Size ${objects.length + 1} /Root 1 0 R /Info 4 0 R >>\nstartxref\n${xref}\n%%EOF\n`;
  return Buffer.from(body);
}

let browser: ExtensionBrowser;
let hosts: RealHostServer;

beforeAll(async () => {
  const pdf = tinyPdf();
  hosts = await serveOnRealHosts(HOSTS, (host, path, res) => {
    const html = (file: string) =>
      res.writeHead(200, { 'content-type': 'text/html; charset=utf-8' }).end(readFileSync(join(FIXTURES, file)));
    if (host === 'docs.google.com' && path.startsWith('/document/d/')) html('google-doc.html');
    else if (host === 'github.com' && path === '/acme/web/issues/12') html('github-issue.html');
    else if (host === 'files.acme.example' && path === '/reports/annual-report-2026.pdf')
      res.writeHead(200, { 'content-type': 'application/pdf' }).end(pdf);
    else {
      const title = Object.entries(APP_PAGES).find(
        ([url]) => new URL(url).host === host && new URL(url).pathname === path,
      );
      if (title) {
        const text = title[1].replace(/&/g, '&amp;').replace(/</g, '&lt;');
        res
          .writeHead(200, { 'content-type': 'text/html; charset=utf-8' })
          .end(`<!doctype html><title>${text}</title><h1>…</h1>`);
      } else res.writeHead(404).end('not found');
    }
  });
  browser = await launchExtension({ args: hosts.args });
});
afterAll(async () => {
  await browser?.close();
  await hosts?.close();
});

async function capturePage(url: string) {
  const page = await browser.context.newPage();
  await page.goto(url);
  await page.waitForLoadState();
  const tab = await tabOf(browser.worker, url);
  await clickContextMenu(browser.worker, { menuItemId: 'capture:inbox', pageUrl: url, editable: false }, tab);
  return page;
}

describe('document capture on the real host names', () => {
  it.each([
    ['https://docs.google.com/document/d/1AbCdEf/edit#heading=h.1', 'Launch brief', 'doc', 'Google Docs'],
    ['https://github.com/acme/web/issues/12', 'Login fails on Safari (#12)', 'issue', 'GitHub'],
    [
      'https://files.acme.example/reports/annual-report-2026.pdf',
      /Annual report 2026|annual-report-2026/,
      'pdf',
      'PDF',
    ],
    ['https://gitlab.com/acme/shop/-/issues/42', 'Checkout fails on Safari (#42)', 'issue', 'GitLab'],
    ['https://acme.atlassian.net/browse/SHOP-42', 'SHOP-42 Checkout fails on Safari', 'issue', 'Jira'],
    [
      'https://acme.atlassian.net/wiki/spaces/ENG/pages/123456/Release+checklist',
      'Release checklist',
      'doc',
      'Confluence',
    ],
    [
      'https://linear.app/acme/issue/ENG-128/checkout-fails-on-safari',
      'ENG-128 Checkout fails on Safari',
      'issue',
      'Linear',
    ],
    ['https://www.notion.so/acme/Q3-roadmap-0123456789abcdef0123456789abcdef', 'Q3 roadmap', 'doc', 'Notion'],
    [
      'https://acme.sharepoint.com/:x:/r/sites/team/_layouts/15/Doc.aspx?file=Costs.xlsx',
      'Costs',
      'sheet',
      'Microsoft 365',
    ],
  ] as const)('%s', async (url, title, kind, app) => {
    const page = await capturePage(url);
    await expect
      .poll(async () => (await storedTasks(browser.worker)).find((t) => t.source?.url === url))
      .toMatchObject({
        title: typeof title === 'string' ? title : expect.stringMatching(title),
        source: { kind: 'document', documentKind: kind, app },
      });
    await page.close();
  });
});
