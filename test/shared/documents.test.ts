import { identifyDocument } from '@@/shared/documents';
import { describe, expect, it } from 'vitest';

describe('identifyDocument', () => {
  it.each([
    [
      'https://docs.google.com/document/d/1AbC_def-123/edit#heading=h.x',
      'Launch brief - Google Docs',
      { kind: 'doc', app: 'Google Docs', id: '1AbC_def-123', title: 'Launch brief' },
    ],
    [
      'https://docs.google.com/spreadsheets/d/1Sheet/edit#gid=0',
      'Budget 2027 - Google Sheets',
      { kind: 'sheet', title: 'Budget 2027' },
    ],
    [
      'https://docs.google.com/presentation/d/1Deck/edit',
      'Kick-off - Google Slides',
      { kind: 'slides', title: 'Kick-off' },
    ],
    [
      'https://mail.google.com/mail/u/0/#inbox/FMfcgzQXJGmNbvdKqLwXhWxvZtLbJkPr',
      'Contract renewal - sam@acme.test - Gmail',
      { kind: 'email', app: 'Gmail', id: 'FMfcgzQXJGmNbvdKqLwXhWxvZtLbJkPr', title: 'Contract renewal' },
    ],
    [
      'https://outlook.office.com/mail/inbox/id/AAQkADk%2FZ',
      'Mail - Ana Lima - Outlook',
      { kind: 'email', app: 'Outlook', id: 'AAQkADk/Z' },
    ],
    [
      'https://acme.sharepoint.com/:w:/r/sites/team/_layouts/15/Doc.aspx?sourcedoc=%7B1%7D&file=Plan.docx',
      'Plan.docx',
      { kind: 'doc', app: 'Microsoft 365', title: 'Plan' },
    ],
    [
      'https://acme.sharepoint.com/:x:/r/sites/team/_layouts/15/Doc.aspx?file=Costs.xlsx',
      'Costs.xlsx - Microsoft Excel Online',
      { kind: 'sheet', title: 'Costs' },
    ],
    [
      'https://www.notion.so/acme/Roadmap-0123456789abcdef0123456789abcdef',
      'Roadmap | Notion',
      { kind: 'doc', app: 'Notion', title: 'Roadmap' },
    ],
    [
      'https://github.com/acme/web/issues/12',
      'Login fails on Safari · Issue #12 · acme/web',
      { kind: 'issue', app: 'GitHub', id: 'acme/web#12', title: 'Login fails on Safari (#12)' },
    ],
    [
      'https://github.com/acme/web/pull/13/files',
      'Fix Safari login by sam · Pull Request #13 · acme/web',
      { kind: 'pull-request', title: 'Fix Safari login (#13)' },
    ],
    [
      'https://acme.atlassian.net/browse/WEB-42',
      '[WEB-42] Checkout times out - Jira',
      { kind: 'issue', app: 'Jira', id: 'WEB-42', title: 'WEB-42 Checkout times out' },
    ],
    [
      'https://acme.atlassian.net/jira/software/projects/WEB/boards/1?selectedIssue=WEB-7',
      'Board - Jira',
      { kind: 'issue', id: 'WEB-7' },
    ],
    [
      'https://linear.app/acme/issue/ENG-9/flaky-build',
      'ENG-9 Flaky build',
      { kind: 'issue', app: 'Linear', title: 'ENG-9 Flaky build' },
    ],
    ['https://acme.test/files/annual-report.pdf', 'annual-report.pdf', { kind: 'pdf', title: 'annual-report' }],
    ['https://acme.test/files/report.pdf', 'Annual Report 2026', { kind: 'pdf', title: 'Annual Report 2026' }],
  ])('%s', (url, title, expected) => {
    expect(identifyDocument(url, title)).toMatchObject(expected);
  });

  it('leaves ordinary pages alone', () => {
    expect(identifyDocument('https://acme.test/blog/post', 'A post')).toBeNull();
    expect(identifyDocument('https://github.com/acme/web', 'acme/web')).toBeNull();
    expect(identifyDocument('not a url', 'x')).toBeNull();
  });
});

describe('canonical e-mail links', () => {
  it('keeps the Gmail thread so the link reopens it, even once archived', async () => {
    const { canonicalUrl } = await import('@@/shared/url');
    expect(canonicalUrl('https://mail.google.com/mail/u/1/#inbox/FMfcgzQXJGmNbvdKqLwXhWxvZtLbJkPr')).toBe(
      'https://mail.google.com/mail/u/1/#all/FMfcgzQXJGmNbvdKqLwXhWxvZtLbJkPr',
    );
    expect(canonicalUrl('https://mail.google.com/mail/u/0/#label/Clients/FMfcgzQXJGmNbvdKqLwXhWxvZtLbJkPr')).toBe(
      'https://mail.google.com/mail/u/0/#all/FMfcgzQXJGmNbvdKqLwXhWxvZtLbJkPr',
    );
  });
});
