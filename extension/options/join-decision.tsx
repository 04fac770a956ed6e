// Joining or creating a team is a decision about where private data goes. An invitation link can come from
// anyone and fill in anyone's server, so the form names the server the team lives on (and whether the way
// there is encrypted), and says what on this device would move into it — with "keep them on this device"
// as the default. Plain http:// is accepted only on this computer, or as an exception the person ticks
// after a warning (sync/server-url.ts).
import { useState } from 'preact/hooks';
import type { WaypointDb } from '../db/database';
import { t, tn } from '../i18n';
import { tParts } from '../i18n/parts';
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

export function describeDeviceData({ projects, tasks }: DeviceData): string {
  return t('join_projectsAndTasks', tn('join_projects', projects), tn('join_tasks', tasks));
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
        {tParts(
          checked.transport === 'https'
            ? 'join_whereHttps'
            : checked.transport === 'loopback'
              ? 'join_whereLoopback'
              : 'join_wherePlain',
          <strong data-testid="server-host">{checked.host}</strong>,
        )}
      </p>
      {fromLink && (
        <p class="small muted" style={{ margin: '4px 0 0' }}>
          {t('join_fromLink')}
        </p>
      )}
      {checked.transport === 'insecure' && (
        <div class="alert" role="alert" style={{ marginTop: 8 }}>
          <p style={{ margin: 0 }}>{t('join_insecure')}</p>
          <label class="row small" style={{ marginTop: 4 }}>
            <input type="checkbox" name="allowInsecure" />
            {t('join_allowInsecure')}
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
        <span>{t('join_serverAddress')}</span>
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
            {t('join_enterAddress')}
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
  if (data.projects === 0 && data.tasks === 0) return <p class="small muted">{t('join_nothingStored')}</p>;
  return (
    <fieldset class="card" style={{ padding: 8, marginBottom: 8 }}>
      <legend>{t('join_deviceDataLegend')}</legend>
      <p style={{ margin: '0 0 4px' }} data-testid="device-data">
        {data.names.length
          ? t(
              'join_deviceOnlyNamed',
              describeDeviceData(data),
              `${data.names.map((n) => t('join_quoted', n)).join(', ')}${data.projects > 3 ? '…' : ''}`,
            )
          : t('join_deviceOnly', describeDeviceData(data))}
      </p>
      <label class="row">
        <input type="radio" name="deviceData" value="keep" defaultChecked />
        {t('join_keep')}
      </label>
      <label class="row">
        <input type="radio" name="deviceData" value="move" />
        {t('join_move', describeDeviceData(data))}
      </label>
      <p class="small muted" style={{ margin: '4px 0 0' }}>
        {t('join_keptNote')}
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
  return moved ? tn('join_moved', moved, host) : t('join_nothingSent', host);
}
