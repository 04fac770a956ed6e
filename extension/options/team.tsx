// Team set-up in the options page: create a team, join with an invite, or use Waypoint without a server;
// once signed in: the teams, their members, invitations, and moving device-only data in.
import { invitationLink, parseInvitation } from '@@/shared/invitation';
import { useState } from 'preact/hooks';
import type { WaypointDb } from '../db/database';
import { send } from '../messaging/client';
import { readAccount } from '../sync/account';
import { checkServerUrl } from '../sync/server-url';
import { useLive } from '../ui/live';
import { selectDefault } from '../ui/select-default';
import { SyncStatusLine } from '../ui/sync-status';
import { ApiAccessSection } from './api-access';
import { DeviceDataChoice, decisionOf, outcomeText, ServerChoice, ServerWhere } from './join-decision';
import { DevicesSection, LeaveTeam, MemberItem } from './member-controls';

type Result = { tone: 'ok' | 'error'; text: string } | null;

const DEFAULT_SERVER = 'http://127.0.0.1:8787';

function useSubmit(action: (form: FormData) => Promise<string>) {
  const [result, setResult] = useState<Result>(null);
  const [busy, setBusy] = useState(false);
  const onSubmit = async (event: Event) => {
    event.preventDefault();
    setBusy(true);
    setResult(null);
    try {
      setResult({ tone: 'ok', text: await action(new FormData(event.currentTarget as HTMLFormElement)) });
    } catch (error) {
      setResult({ tone: 'error', text: error instanceof Error ? error.message : String(error) });
    } finally {
      setBusy(false);
    }
  };
  return { result, busy, onSubmit };
}

function Message({ result }: { result: Result }) {
  if (!result) return null;
  return (
    <p role={result.tone === 'error' ? 'alert' : 'status'} class={result.tone === 'error' ? 'alert' : 'muted'}>
      {result.text}
    </p>
  );
}

/** "Copy invitation": the clipboard, or (where the page may not write it) the selected link and a hint. */
function CopyButton({ text }: { text: string }) {
  const [state, setState] = useState<'idle' | 'copied' | 'failed'>('idle');
  return (
    <>
      <button
        type="button"
        class="btn"
        onClick={async () => {
          try {
            await navigator.clipboard.writeText(text);
            setState('copied');
          } catch {
            setState('failed');
          }
        }}
      >
        Copy invitation
      </button>
      <span role="status" class="muted">
        {state === 'copied'
          ? 'Copied.'
          : state === 'failed'
            ? 'Copying is blocked here: select the link and copy it.'
            : ''}
      </span>
    </>
  );
}

function linkNamesServer(text: string): boolean {
  const parsed = parseInvitation(text);
  return parsed.ok && parsed.serverUrl !== null;
}

/** Where an invitation link says the team lives, before anything is sent there (see join-decision.tsx). */
function LinkServer({ text }: { text: string }) {
  const parsed = parseInvitation(text);
  if (!parsed.ok || !parsed.serverUrl) return null;
  let where: ReturnType<typeof checkServerUrl>;
  try {
    where = checkServerUrl(parsed.serverUrl);
  } catch (error) {
    return (
      <p class="alert" role="alert">
        {(error as Error).message}
      </p>
    );
  }
  // A link always came from someone: the caution shows whether it was pasted or opened this page.
  return (
    <div class="card" style={{ padding: 8, marginBottom: 8 }} aria-live="polite">
      <ServerWhere checked={where} fromLink />
    </div>
  );
}

export function TeamSection({ db }: { db: WaypointDb }) {
  const params = new URLSearchParams(location.search);
  const account = useLive(() => readAccount(db), []);
  const spaces = useLive(() => db.spaces.toArray(), []);
  const members = useLive(() => db.members.toArray(), []);
  const [mode, setMode] = useState<'create' | 'join' | 'local'>(
    params.get('code') || params.get('mode') === 'join' ? 'join' : 'create',
  );
  const text = (form: FormData, name: string) => String(form.get(name) ?? '');
  // Opened from an old-style link (`options.html?server=…&code=…`): that link is the invitation.
  const [invitationText, setInvitationText] = useState(params.get('code') ? location.href : '');

  const create = useSubmit(async (form) => {
    const summary = await send('account.createTeam', {
      serverUrl: text(form, 'serverUrl'),
      teamName: text(form, 'teamName'),
      userName: text(form, 'userName'),
      adminCode: text(form, 'adminCode') || undefined,
      ...decisionOf(form),
    });
    return `Team “${summary.teamName}” created. ${outcomeText(summary.moved, text(form, 'serverUrl'))}`;
  });
  const join = useSubmit(async (form) => {
    const invitation = parseInvitation(text(form, 'invitation'));
    if (!invitation.ok) throw new Error(invitation.message);
    const summary = await send('account.join', {
      serverUrl: invitation.serverUrl ?? text(form, 'serverUrl'),
      code: invitation.code,
      userName: text(form, 'userName'),
      ...decisionOf(form),
    });
    return `You joined “${summary.teamName}” as ${summary.user.name}. ${outcomeText(summary.moved, invitation.serverUrl ?? text(form, 'serverUrl'))}`;
  });
  const [invite, setInvite] = useState<{ link: string; code: string; expiresAt: string } | null>(null);
  const inviteForm = useSubmit(async (form) => {
    const created = await send('team.invite', { teamId: text(form, 'teamId'), role: text(form, 'role') as 'member' });
    setInvite({
      link: invitationLink(created.serverUrl, created.code),
      code: created.code,
      expiresAt: created.expiresAt,
    });
    return 'Invitation created. It works once.';
  });
  const signOut = useSubmit(async () => {
    await send('account.signOut', {});
    return 'Signed out. Your tasks stay in this browser.';
  });

  if (account.value.value === undefined) return <div class="skeleton" />;
  const current = account.value.value;

  if (!current) {
    return (
      <section aria-labelledby="team-title" id="team">
        <h2 id="team-title">Team</h2>
        <p class="muted">
          Waypoint works fully in this browser. Connect it to a Waypoint server that your team runs to share projects
          and tasks.
        </p>
        <fieldset class="row" style={{ marginBottom: 8, border: 0, padding: 0 }}>
          <legend class="sr-only">How to use Waypoint</legend>
          <button
            type="button"
            class={`btn${mode === 'create' ? ' primary' : ''}`}
            aria-pressed={mode === 'create'}
            onClick={() => setMode('create')}
          >
            Create a team
          </button>
          <button
            type="button"
            class={`btn${mode === 'join' ? ' primary' : ''}`}
            aria-pressed={mode === 'join'}
            onClick={() => setMode('join')}
          >
            Join with an invite
          </button>
          <button
            type="button"
            class={`btn${mode === 'local' ? ' primary' : ''}`}
            aria-pressed={mode === 'local'}
            onClick={() => setMode('local')}
          >
            Use without a server
          </button>
        </fieldset>
        {mode === 'create' && (
          <form onSubmit={create.onSubmit} aria-label="Create a team">
            <ServerChoice initial={params.get('server') ?? DEFAULT_SERVER} fromLink={params.has('server')} />
            <label class="field">
              <span>Team name</span>
              <input class="input" name="teamName" required maxLength={100} />
            </label>
            <label class="field">
              <span>Your name</span>
              <input class="input" name="userName" required maxLength={100} />
            </label>
            <label class="field">
              <span>Admin code (only if the server asks for one)</span>
              <input class="input" name="adminCode" maxLength={200} />
            </label>
            <DeviceDataChoice db={db} />
            <button type="submit" class="btn primary" disabled={create.busy}>
              Create team
            </button>
            <Message result={create.result} />
          </form>
        )}
        {mode === 'join' && (
          <form onSubmit={join.onSubmit} aria-label="Join a team">
            <label class="field">
              <span>Invitation link</span>
              <input
                class="input"
                name="invitation"
                required
                placeholder="https://your-server/join/…"
                value={invitationText}
                onInput={(e) => setInvitationText((e.target as HTMLInputElement).value)}
              />
            </label>
            <LinkServer text={invitationText} />
            {/* A link names its server (shown above); only a bare code needs the address. */}
            {!linkNamesServer(invitationText) && (
              <details open={!!params.get('server') && !params.get('code')}>
                <summary>Only have a code? Server address</summary>
                <ServerChoice initial={params.get('server') ?? DEFAULT_SERVER} fromLink={false} />
              </details>
            )}
            <label class="field">
              <span>Your name</span>
              <input class="input" name="userName" required maxLength={100} />
            </label>
            <DeviceDataChoice db={db} />
            <button type="submit" class="btn primary" disabled={join.busy}>
              Join
            </button>
            <Message result={join.result} />
          </form>
        )}
        {mode === 'local' && (
          <p>
            Nothing to set up: everything stays in this browser. You can connect to a team at any time; your tasks come
            along.
          </p>
        )}
      </section>
    );
  }

  const teams = (spaces.value.value ?? []).filter((s) => !s.personal);
  const admin = teams.filter((t) => t.role === 'owner' || t.role === 'admin');
  return (
    <section aria-labelledby="team-title" id="team">
      <h2 id="team-title">Team</h2>
      <p>
        Signed in to <code>{current.serverUrl}</code> as <strong>{current.user.name}</strong>.
      </p>
      {/* What joining or creating just did: where, and what moved or stayed on this device. */}
      <Message result={join.result ?? create.result} />
      <SyncStatusLine db={db} />
      {teams.map((team) => (
        <div key={team.teamId} class="card" style={{ padding: 8, marginBottom: 8 }}>
          <strong>{team.name}</strong> <span class="muted">({team.role})</span>
          <ul aria-label={`Members of ${team.name}`}>
            {(members.value.value ?? [])
              .filter((m) => m.teamId === team.teamId)
              .map((m) => (
                <MemberItem
                  key={m.id}
                  teamId={team.teamId}
                  teamName={team.name}
                  member={m}
                  myRole={team.role}
                  myId={current.user.id}
                />
              ))}
          </ul>
          <LeaveTeam teamId={team.teamId} teamName={team.name} myRole={team.role} />
        </div>
      ))}
      {admin.length > 0 && (
        <form onSubmit={inviteForm.onSubmit} aria-label="Invite someone" class="row" style={{ flexWrap: 'wrap' }}>
          <label class="field">
            <span>Team</span>
            <select class="input" name="teamId">
              {admin.map((t) => (
                <option key={t.teamId} value={t.teamId}>
                  {t.name}
                </option>
              ))}
            </select>
          </label>
          <label class="field">
            <span>Role</span>
            <select class="input" name="role" ref={selectDefault('member')}>
              <option value="member">Member</option>
              <option value="admin">Admin</option>
              <option value="guest">Guest (reads and comments)</option>
            </select>
          </label>
          <button type="submit" class="btn" disabled={inviteForm.busy}>
            Create invitation
          </button>
        </form>
      )}
      <Message result={inviteForm.result} />
      {invite && (
        <div class="field">
          <span>Send this to your teammate (valid once, until {new Date(invite.expiresAt).toLocaleString()}):</span>
          <div class="row">
            <input
              class="input"
              readOnly
              value={invite.link}
              aria-label="Invitation link"
              onFocus={(e) => (e.target as HTMLInputElement).select()}
            />
            <CopyButton text={invite.link} />
          </div>
          <span class="muted">
            The link opens a page on your server that tells them how to join; they paste it into Waypoint's settings. Or
            give them the code <code>{invite.code}</code> with the server address.
          </span>
        </div>
      )}
      <div class="row" style={{ marginTop: 8 }}>
        <button type="button" class="btn" onClick={() => void send('account.refresh', {}).catch(() => undefined)}>
          Refresh teams
        </button>
        <form onSubmit={signOut.onSubmit}>
          <button type="submit" class="btn">
            Sign out
          </button>
        </form>
      </div>
      <Message result={signOut.result} />
      <DevicesSection />
      <ApiAccessSection managed={admin.map((t) => ({ teamId: t.teamId, name: t.name }))} />
    </section>
  );
}
