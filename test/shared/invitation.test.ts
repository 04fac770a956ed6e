// Parsing what people paste into "Invitation link": the server link, the old extension link, a bare code.
import { describe, expect, it } from 'vitest';
import { invitationLink, parseInvitation } from '../../shared/invitation';

const CODE = 'Abc_def-123456789012345';

describe('parseInvitation', () => {
  it('reads server and code from the server link, also under a path and with a trailing slash', () => {
    expect(parseInvitation(`  https://wp.example.org/join/${CODE}  `)).toEqual({
      ok: true,
      serverUrl: 'https://wp.example.org',
      code: CODE,
    });
    expect(parseInvitation(`http://127.0.0.1:8787/sync/join/${CODE}/`)).toEqual({
      ok: true,
      serverUrl: 'http://127.0.0.1:8787/sync',
      code: CODE,
    });
  });

  it('round-trips invitationLink', () => {
    const parsed = parseInvitation(invitationLink('https://wp.example.org/sub/', CODE));
    expect(parsed).toEqual({ ok: true, serverUrl: 'https://wp.example.org/sub', code: CODE });
  });

  it('still reads the old extension link and a bare code', () => {
    const old = `chrome-extension://abcdef/options.html?server=${encodeURIComponent('http://10.0.0.2:8787/')}&code=${CODE}`;
    expect(parseInvitation(old)).toEqual({ ok: true, serverUrl: 'http://10.0.0.2:8787', code: CODE });
    expect(parseInvitation(CODE)).toEqual({ ok: true, serverUrl: null, code: CODE });
  });

  it('explains what is wrong with anything else', () => {
    for (const input of [
      '',
      'hello world',
      'https://wp.example.org/',
      `https://x/join/${'a'.repeat(3)}`,
      'ftp://x/join/abcdefgh12',
    ]) {
      const parsed = parseInvitation(input);
      expect(parsed.ok).toBe(false);
      if (!parsed.ok) expect(parsed.message.length).toBeGreaterThan(10);
    }
  });
});
