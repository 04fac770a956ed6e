// @vitest-environment happy-dom
// E-mail extractors against fixtures shaped like Gmail and Outlook on the web, including a Gmail redesign.

import { EXCERPT_MAX as SCHEMA_EXCERPT_MAX } from '@@/shared/schemas/source';
import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import { emailCaptureSchema } from '@/capture/email';
import { clipExcerpt, EXCERPT_MAX, fitEmail, normaliseDate, splitSender } from '@/capture/extractors/common';
import { extractGmail, gmailThreadId } from '@/capture/extractors/gmail';
import { extractEmail, extractorFor } from '@/capture/extractors/index';
import { extractOutlook, outlookItemId } from '@/capture/extractors/outlook';

function load(name: string): Document {
  const html = readFileSync(resolve(__dirname, '../../fixtures/mail', name), 'utf8');
  return new DOMParser().parseFromString(html, 'text/html');
}

const GMAIL_URL = 'https://mail.google.com/mail/u/1/#inbox/FMfcgzQXJWDsKmvFgNhbPqRxTzLcVbWd';
const OUTLOOK_ID = 'AAQkADAwATM3ZmYAZS1hNzE2LTQ2NWQtMDACLTAwCgAQAGkH2Z3n+zFOqU5/dGkFvmE=';
const OUTLOOK_URL = `https://outlook.office.com/mail/inbox/id/${encodeURIComponent(OUTLOOK_ID)}`;

describe('Gmail extractor', () => {
  const expected = {
    app: 'Gmail',
    subject: 'Q3 launch plan: venue contract',
    fromName: 'Sam Lee',
    fromAddress: 'sam.lee@partner.example.org',
    messageId: 'msg-f:1816700123456789012',
    threadId: 'FMfcgzQXJWDsKmvFgNhbPqRxTzLcVbWd',
    url: 'https://mail.google.com/mail/u/1/#all/FMfcgzQXJWDsKmvFgNhbPqRxTzLcVbWd',
  };

  it('reads the open message of a thread: subject, sender, date, thread link and excerpt', () => {
    const email = extractGmail(load('gmail-thread.html'), GMAIL_URL);
    expect(email).toMatchObject(expected);
    expect(email?.date).toBe(new Date('Tue, Nov 25, 2026 9:14 AM').toISOString());
    expect(email?.excerpt).toMatch(/^Hi Ana, Thanks for the draft\. Two changes before we sign:/);
    expect(email?.excerpt).toContain('minimum of 80 guests');
    // The last open message only: not the collapsed first one, nor the hidden quote, nor the action bar.
    expect(email?.excerpt).not.toContain('attached is the first draft');
    expect(email?.excerpt).not.toMatch(/Forward|Reply/);
    expect(email?.excerpt).not.toMatch(/\s{2}/);
  });

  it('still reads the message after every class name changed', () => {
    const original = extractGmail(load('gmail-thread.html'), GMAIL_URL);
    const renamed = extractGmail(load('gmail-thread-renamed-classes.html'), GMAIL_URL);
    expect(renamed).toMatchObject(expected);
    expect(renamed).toEqual(original);
  });

  it('reads a long newsletter-sized body and clips the excerpt', () => {
    const doc = load('gmail-thread.html');
    const body = doc.querySelector('[data-message-id="#msg-f:1816700123456789012"] div[dir="ltr"]');
    const rows = Array.from(
      { length: 3000 },
      (_, i) => `<div><div><span>Paragraph ${i} of the long update.</span></div></div>`,
    );
    body?.insertAdjacentHTML('beforeend', rows.join(''));
    // How fast is measured in bench/, not here (a timed unit test fails on a busy machine).
    const email = extractGmail(doc, GMAIL_URL);
    expect(email?.excerpt.length).toBe(2000);
    expect(email?.excerpt.startsWith('Hi Ana, Thanks for the draft.')).toBe(true);
  }, 30_000);

  it('falls back to the legacy thread id when the URL has none', () => {
    const email = extractGmail(load('gmail-thread.html'), 'https://mail.google.com/mail/u/0/#search/venue');
    expect(email?.threadId).toBe('1935d3b1c3a0c27b');
    expect(email?.url).toBe('https://mail.google.com/mail/u/0/#all/1935d3b1c3a0c27b');
  });

  it('answers null on the inbox list, where no message is open', () => {
    expect(extractGmail(load('gmail-inbox.html'), 'https://mail.google.com/mail/u/0/#inbox')).toBeNull();
    expect(extractEmail(load('gmail-inbox.html'), 'https://mail.google.com/mail/u/0/#inbox')).toBeNull();
  });

  it('answers null on a page that is not a mail page at all', () => {
    const doc = new DOMParser().parseFromString('<main role="main"><p>Hello</p></main>', 'text/html');
    expect(extractGmail(doc, GMAIL_URL)).toBeNull();
    expect(extractEmail(doc, 'https://example.com/')).toBeNull();
  });

  it('finds the thread id at the end of any fragment', () => {
    expect(gmailThreadId('https://mail.google.com/mail/u/0/#label/Work%2FQ3/FMfcgzQXJWDsKmvFgNhbPqRxTzLcVbWd')).toBe(
      'FMfcgzQXJWDsKmvFgNhbPqRxTzLcVbWd',
    );
    expect(gmailThreadId('https://mail.google.com/mail/u/0/#inbox')).toBeNull();
  });
});

describe('Outlook extractor', () => {
  it('reads the reading pane: subject, sender, date, durable item link and excerpt', () => {
    const email = extractOutlook(load('outlook-message.html'), OUTLOOK_URL);
    expect(email).toMatchObject({
      app: 'Outlook',
      subject: 'Budget sign-off for the Q3 launch',
      fromName: 'Priya Raman',
      fromAddress: 'priya.raman@contoso.example',
      messageId: 'AAkALgAAAAAAHYQDEapmEc2byACqAC-EWg0AXbF1JH1nckK9cJJ0AdUmGwAAAHrDXAAA',
      threadId: OUTLOOK_ID,
      url: `https://outlook.office.com/owa/?ItemID=${encodeURIComponent(OUTLOOK_ID)}&exvsurl=1&viewmodel=ReadMessageItem`,
    });
    expect(email?.date).toBe(new Date('11/25/2026 10:41 AM').toISOString());
    expect(email?.excerpt).toMatch(/^Hi Ana, Finance approved the Q3 launch budget of 48,000 EUR/);
    expect(email?.excerpt).not.toContain('Reply');
  });

  it('answers null without an item in the URL (a folder view)', () => {
    expect(extractOutlook(load('outlook-message.html'), 'https://outlook.office.com/mail/inbox')).toBeNull();
    expect(outlookItemId(OUTLOOK_URL)).toBe(OUTLOOK_ID);
  });
});

describe('hostile e-mails', () => {
  const HOSTILE_GMAIL = 'https://mail.google.com/mail/u/0/#inbox/FMfcgzQXJWDsKmvFgNhbPqRxTzLcHost';

  it('Gmail: the header decides sender, date and id; hidden text stays out; long fields are cut to fit', () => {
    const email = extractGmail(load('gmail-hostile.html'), HOSTILE_GMAIL);
    expect(email).toMatchObject({
      fromAddress: 'sam.lee@partner.example.org',
      messageId: 'msg-f:1816700123456789012',
      date: new Date('Tue, Nov 25, 2026 9:14 AM').toISOString(),
    });
    expect(emailCaptureSchema.safeParse(email).success).toBe(true);
    expect(email?.fromName.length).toBeLessThanOrEqual(300);
    expect(email?.fromName.startsWith('Sam Lee')).toBe(true);
    expect(email?.subject.length).toBeLessThanOrEqual(1000);
    expect(email?.subject.startsWith('Invoice fdp.exe for Q3 ready')).toBe(true);
    expect(email?.subject).not.toMatch(/[\u202A-\u202E\u2066-\u2069\u200B]/);
    expect(email?.excerpt).toContain('Thanks for the draft');
    expect(email?.excerpt).not.toMatch(/HIDDEN/);
  });

  it('Outlook: a message block forged inside the body claims nothing', () => {
    const email = extractOutlook(load('outlook-hostile.html'), OUTLOOK_URL);
    expect(email).toMatchObject({
      subject: 'Urgent: supplier payment',
      fromName: 'Priya Raman',
      fromAddress: 'priya.raman@contoso.example',
      messageId: 'AAkALgAAAAAAHYQDEapmEc2byACqAC-EWg0AXbF1JH1nckK9cJJ0AdUmGwAAAHrDXAAA',
    });
    expect(email?.date).toBe(new Date('11/25/2026 10:41 AM').toISOString());
    // The whole body, forged block included, is the real sender's text; hidden parts are not.
    expect(email?.excerpt).toMatch(/^Hi Ana, Please see the note from our CEO below/);
    expect(email?.excerpt).toContain('Thanks, Priya');
    expect(email?.excerpt).not.toMatch(/HIDDEN/);
  });

  it('cuts every field to the schema, never leaving half a surrogate pair', () => {
    const email = fitEmail({
      app: 'Gmail',
      subject: '😀'.repeat(800),
      fromName: 'x'.repeat(5000),
      fromAddress: `${'a'.repeat(400)}@example.com`,
      date: 'd'.repeat(300),
      messageId: 'm'.repeat(900),
      threadId: 't'.repeat(900),
      url: 'https://mail.google.com/mail/u/0/#all/abc',
      excerpt: 'e '.repeat(3000),
    });
    expect(emailCaptureSchema.safeParse(email).success).toBe(true);
    expect(email.fromAddress).toBe('');
    expect(/[\uD800-\uDBFF]…?$/.test(email.subject.replace('…', ''))).toBe(false);
  });
});

describe('extractor helpers', () => {
  it('chooses the extractor by host', () => {
    expect(extractorFor(GMAIL_URL)).toBe(extractGmail);
    expect(extractorFor('https://outlook.live.com/mail/0/inbox/id/x')).toBe(extractOutlook);
    expect(extractorFor('https://outlook.example.com/mail')).toBeNull();
    expect(extractorFor('not a url')).toBeNull();
  });

  it('splits senders, keeps unparsable dates as shown and clips excerpts', () => {
    expect(splitSender('From: "Ann Lee" <ann@x.example>')).toEqual({ name: 'Ann Lee', address: 'ann@x.example' });
    expect(splitSender('bob@y.example')).toEqual({ name: 'bob', address: 'bob@y.example' });
    expect(normaliseDate('9:14 AM (2 hours ago)')).toBe('9:14 AM');
    expect(normaliseDate('')).toBeNull();
    expect(EXCERPT_MAX).toBe(SCHEMA_EXCERPT_MAX);
    const long = clipExcerpt(`${'word '.repeat(600)}`);
    expect(long.length).toBe(2000);
    expect(long.endsWith('…')).toBe(true);
  });
});
