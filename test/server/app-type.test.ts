// The exported AppType drives a typed hono client (hc), as the extension may use it.
import { hc } from 'hono/client';
import { describe, expect, it } from 'vitest';
import type { AppType } from '../../server/app';
import { createTestApp } from './helpers';

describe('AppType', () => {
  it('types a hono client that talks to the app', async () => {
    const { app } = createTestApp();
    const client = hc<AppType>('http://local', {
      fetch: (input: RequestInfo | URL, init?: RequestInit) => app.request(input, init),
    });
    const res = await client.v1.teams.$post({ json: { teamName: 'Typed', userName: 'Client' } });
    expect(res.status).toBe(201);
    const body = await res.json();
    if (!('token' in body)) throw new Error('expected a created team');
    const me = await client.v1.me.$get({}, { headers: { authorization: `Bearer ${body.token}` } });
    const meBody = await me.json();
    expect('teams' in meBody && meBody.teams.map((t) => t.name)).toEqual(['Personal', 'Typed']);
  });
});
