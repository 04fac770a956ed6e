// Members come with the HLC client ids they write with, so clients can say who changed what.
import { describe, expect, it } from 'vitest';
import { call, createTeam, createTestApp, hlcAt, invite, join, newKey, pushBody, taskFields } from './helpers';

describe('writers', () => {
  it('lists the client ids each member has pushed with, and not refused ones', async () => {
    const { app, clock } = createTestApp();
    const owner = await createTeam(app);
    const code = await invite(app, owner.token, owner.team.id, 'guest');
    const guest = await join(app, code, 'Gus');
    const push = (token: string, clientId: string, hlcClient: string) =>
      call(app, 'POST', '/v1/sync/push', {
        token,
        body: pushBody(owner.team.id, clientId, [
          {
            seq: 1,
            op: 'upsert',
            table: 'tasks',
            key: newKey(),
            fields: taskFields(),
            hlc: hlcAt(clock.now(), hlcClient),
          },
        ]),
      });
    expect((await push(owner.token, 'sync-a', 'laptopA')).status).toBe(200);
    // A guest may not write tasks: the refused mutation does not make it a writer.
    expect((await push(guest.token, 'sync-g', 'phoneG')).body.rejected).toHaveLength(1);
    const members = await call(app, 'GET', `/v1/teams/${owner.team.id}/members`, { token: owner.token });
    expect(members.status).toBe(200);
    const byName = Object.fromEntries(
      members.body.members.map((m: { name: string; clients: string[] }) => [m.name, m.clients]),
    );
    expect(byName).toEqual({ Owner: ['laptopA'], Gus: [] });
  });
});
