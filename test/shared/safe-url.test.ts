// The one rule for links (shared/safe-url.ts) and the schemas that use it: http(s) links, mailto: for contacts.
import { describe, expect, it } from 'vitest';
import { uuidv7 } from '../../shared/id';
import { contactHref, isSafeUrl, safeHref } from '../../shared/safe-url';
import { documentSchema } from '../../shared/schemas/planning';
import { sourceSchema } from '../../shared/schemas/source';

const newKey = () => uuidv7();

describe('safe URLs', () => {
  it('one rule: http(s) links, mailto only for contacts; javascript:, data: and friends are refused', () => {
    for (const ok of ['https://example.com/a?b#c', 'http://localhost:8080/']) expect(isSafeUrl(ok)).toBe(true);
    for (const bad of [
      'javascript:alert(1)',
      'JavaScript:alert(1)',
      ' javascript:alert(1)',
      'java\tscript:alert(1)',
      'data:text/html,<script>alert(1)</script>',
      'vbscript:msgbox',
      'blob:https://example.com/x',
      'file:///etc/passwd',
      'mailto:a@example.com',
      '//example.com',
      'https://',
    ]) {
      expect(isSafeUrl(bad), bad).toBe(false);
    }
    expect(isSafeUrl('mailto:a@example.com', { mailto: true })).toBe(true);
    expect(safeHref('javascript:alert(1)')).toBeNull();
    expect(contactHref('ada@example.com')).toBe('mailto:ada@example.com');
    expect(contactHref('mailto:ada@example.com')).toBe('mailto:ada@example.com');
    expect(contactHref('https://example.com/ada')).toBe('https://example.com/ada');
    expect(contactHref('+44 20 7946 0000')).toBeNull();
    expect(contactHref('javascript:alert(1)//@x.y')).toBeNull();
    const doc = {
      projectId: newKey(),
      createdBy: null,
      createdAt: '2026-11-20T09:00:00.000Z',
      title: 'D',
      kind: 'doc',
    };
    expect(
      documentSchema.omit({ id: true, teamId: true }).safeParse({ ...doc, url: 'javascript:alert(1)' }).success,
    ).toBe(false);
    expect(
      documentSchema.omit({ id: true, teamId: true }).safeParse({ ...doc, url: 'https://x.example' }).success,
    ).toBe(true);
    expect(
      sourceSchema.safeParse({ kind: 'page', url: 'data:text/html,hi', capturedAt: '2026-11-20T09:00:00.000Z' })
        .success,
    ).toBe(false);
    expect(
      sourceSchema.safeParse({ kind: 'page', url: 'file:///home/me/a.pdf', capturedAt: '2026-11-20T09:00:00.000Z' })
        .success,
    ).toBe(true);
  });
});
