// The invitation page GET /join/:code through the real app: plain HTML, strict headers, escaping, never a lookup.
import { describe, expect, it } from 'vitest';
import { invitationLink } from '../../../shared/invitation';
import { call, createTeam, createTestApp, invite, join } from '../helpers';

describe('GET /join/:code', () => {
  it('serves a page with the link, server and code, and how to join, without script', async () => {
    const { app } = createTestApp();
    const owner = await createTeam(app);
    const code = await invite(app, owner.token, owner.team.id, 'member');
    const res = await app.request(`http://team.example:8787/join/${code}`);
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toMatch(/^text\/html/);
    expect(res.headers.get('content-security-policy')).toContain("default-src 'none'");
    expect(res.headers.get('cache-control')).toBe('no-store');
    expect(res.headers.get('referrer-policy')).toBe('no-referrer');
    const html = await res.text();
    expect(html).not.toMatch(/<script/i);
    expect(html).toContain('<h1>You are invited to a team on Waypoint</h1>');
    expect(html).toContain(`<code>${invitationLink('http://team.example:8787', code)}</code>`);
    expect(html).toContain('Invitation link');
    // Opening the page does not use the invitation up: joining still works afterwards.
    await join(app, code);
  });

  it('uses the public URL when one is configured', async () => {
    const { app } = createTestApp({ publicUrl: 'https://waypoint.example.org/sync/' });
    const res = await app.request('http://127.0.0.1/join/abcdefgh12345678');
    expect(await res.text()).toContain('<code>https://waypoint.example.org/sync/join/abcdefgh12345678</code>');
  });

  it('answers the same for a used, unknown or valid code: the page is no validity oracle', async () => {
    const { app } = createTestApp();
    const owner = await createTeam(app);
    const used = await invite(app, owner.token, owner.team.id, 'member');
    await join(app, used);
    const fresh = await invite(app, owner.token, owner.team.id, 'member');
    const strip = (html: string, code: string) => html.split(code).join('CODE');
    const pages = await Promise.all(
      [used, fresh, 'zzzzzzzzzzzzzzzzzzzzzzzz'].map(async (code) => {
        const res = await app.request(`http://h/join/${code}`);
        return { status: res.status, html: strip(await res.text(), code) };
      }),
    );
    expect(new Set(pages.map((p) => p.status))).toEqual(new Set([200]));
    expect(new Set(pages.map((p) => p.html)).size).toBe(1);
  });

  it('says in plain words when the address is not an invitation, and escapes what it echoes', async () => {
    const { app } = createTestApp();
    const res = await app.request(`http://h/join/${encodeURIComponent('<img src=x onerror=alert(1)>')}`);
    expect(res.status).toBe(404);
    expect(res.headers.get('content-security-policy')).toContain("default-src 'none'");
    const html = await res.text();
    expect(html).toContain('This is not an invitation link');
    expect(html).not.toContain('<img');
    // Only GET is served; the JSON API stays JSON.
    const post = await call(app, 'POST', '/join/abcdefgh12345678', { body: {} });
    expect(post.status).toBe(404);
    expect(post.body).toMatchObject({ error: 'NotFound' });
  });
});
