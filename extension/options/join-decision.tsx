// Joining or creating a team is a decision about where private data goes. An invitation link can come from
// anyone and fill in anyone's server, so the form names the server the team lives on (and whether the way
// there is encrypted), and says what on this device would move into it — with "keep them on this device"
// as the default. Plain http:// is accepted only on this computer, or as an exception the person ticks
// after a warning (sync/server-url.ts).
import { useState } from 'preact/hooks';
import type { WaypointDb } from '../db/database';
import { type CheckedServerUrl, checkServerUrl } from '../sync/server-url';
import { useLive } from '../ui/live';

export interface DeviceData {
  projects: number;
  tasks: number;
  /** A few project names, so "2 projects" has a face. */
  names: string[];
}

/** What lives on this device only (no space): what joining would move to the server. */
export async function readDeviceData(db: WaypointDb): Promise<DeviceData> {
  const projects = await db.projects.filter((p) => p.teamId === null && !p.deleted).toArray();
  const tasks = await db.tasks.filter((t) => t.teamId === null && !t.deleted).count();
  return { projects: projects.length, tasks, names: projects.slice(0, 3).map((p) => p.name) };
}

const plural = (n: number, one: string, many: string) => `${n} ${n === 1 ? one : many}`;

export function describeDeviceData({ projects, tasks }: DeviceData): string {
  return `${plural(projects, 'project', 'projects')} and ${plural(tasks, 'task', 'tasks')}`;
}

function parse(address: string): CheckedServerUrl | null {
  try {
    return checkServerUrl(address);
  } catch {
    return null;
  }
}

/**
 * Where a team lives and how it is reached, before anything is sent there: the host, a word of caution when an
 * invitation link supplied it, and the exception checkbox (`allowInsecure`) for plain http:// on the network.
 */
export function ServerWhere({ checked, fromLink }: { checked: CheckedServerUrl; fromLink: boolean }) {
  return (
    <>
      <p style={{ margin: 0 }}>
        The team lives on <strong data-testid="server-host">{checked.host}</strong>
        {checked.transport === 'https'
          ? ' (encrypted with https).'
          : checked.transport === 'loopback'
            ? ' (a server on this computer).'
            : '.'}
      </p>
      {fromLink && (
        <p class="small muted" style={{ margin: '4px 0 0' }}>
          The invitation link filled in this address. Go on only if you know who sent it and this is your team's server:
          whoever runs it sees what you sync.
        </p>
      )}
      {checked.transport === 'insecure' && (
        <div class="alert" role="alert" style={{ marginTop: 8 }}>
          <p style={{ margin: 0 }}>
            This address is plain http:// on the network: your sign-in token and everything you sync would travel
            unencrypted, readable and changeable by anyone on the way. Ask for an https:// address.
          </p>
          <label class="row small" style={{ marginTop: 4 }}>
            <input type="checkbox" name="allowInsecure" />
            Connect without encryption anyway (only on a network you trust)
          </label>
        </div>
      )}
    </>
  );
}

/**
 * The server address field, the server it names and how it is reached; with the exception checkbox
 * (`allowInsecure`) when the address is plain http:// on the network.
 */
export function ServerChoice({ initial, fromLink }: { initial: string; fromLink: boolean }) {
  const [address, setAddress] = useState(initial);
  const checked = parse(address);
  return (
    <>
      <label class="field">
        <span>Server address</span>
        <input
          class="input"
          name="serverUrl"
          required
          value={address}
          onInput={(e) => setAddress((e.target as HTMLInputElement).value)}
          aria-describedby="server-where"
        />
      </label>
      <div id="server-where" class="card" style={{ padding: 8, marginBottom: 8 }} aria-live="polite">
        {checked ? (
          <ServerWhere checked={checked} fromLink={fromLink} />
        ) : (
          <p class="small muted" style={{ margin: 0 }}>
            Enter the https:// address of your team's Waypoint server.
          </p>
        )}
      </div>
    </>
  );
}

/** What happens to this device's projects and tasks: kept here unless the person chooses to move them. */
export function DeviceDataChoice({ db }: { db: WaypointDb }) {
  const data = useLive(() => readDeviceData(db), []).value.value;
  if (!data) return <div class="skeleton" />;
  if (data.projects === 0 && data.tasks === 0)
    return <p class="small muted">Nothing is stored on this device yet, so nothing moves to the server.</p>;
  return (
    <fieldset class="card" style={{ padding: 8, marginBottom: 8 }}>
      <legend>Your data on this device</legend>
      <p style={{ margin: '0 0 4px' }} data-testid="device-data">
        {describeDeviceData(data)} are on this device only
        {data.names.length ? ` (${data.names.map((n) => `“${n}”`).join(', ')}${data.projects > 3 ? '…' : ''})` : ''}.
      </p>
      <label class="row">
        <input type="radio" name="deviceData" value="keep" defaultChecked />
        Keep them on this device
      </label>
      <label class="row">
        <input type="radio" name="deviceData" value="move" />
        Move all {describeDeviceData(data)} into the team server (your private space there)
      </label>
      <p class="small muted" style={{ margin: '4px 0 0' }}>
        Kept projects stay private to this browser; you can share one later from its form (Shared with).
      </p>
    </fieldset>
  );
}

/** The choices of the join/create form, for the request. */
export function decisionOf(form: FormData): { moveDeviceData: boolean; allowInsecure: boolean } {
  return { moveDeviceData: form.get('deviceData') === 'move', allowInsecure: form.get('allowInsecure') === 'on' };
}

/** The confirmation after joining or creating: where, and what moved or stayed. */
export function outcomeText(moved: number, serverUrl: string): string {
  const host = parse(serverUrl)?.host ?? serverUrl;
  return moved
    ? `${moved} items from this device now sync to your private space on ${host}.`
    : `Nothing from this device was sent to ${host}; what you had here stays on this device.`;
}
