// Team set-up in the options page: create a team, join with an invite, or use Waypoint without a server;
// once signed in: the teams, their members, invitations, and moving device-only data in.
import { invitationLink, parseInvitation } from '@@/shared/invitation';
import { useState } from 'preact/hooks';
import type { WaypointDb } from '../db/database';
import { t, uiLocale } from '../i18n';
import { tParts } from '../i18n/parts';
import { send } from '../messaging/client';
import { readAccount } from '../sync/account';
import { checkServerUrl } from '../sync/server-url';
import { useLive } from '../ui/live';
import { selectDefault } from '../ui/select-default';
import { SyncStatusLine } from '../ui/sync-status';
import { ApiAccessSection } from './api-access';
import { DeviceDataChoice, decisionOf, outcomeText, ServerChoice, ServerWhere } from './join-decision';
import { DevicesSection, LeaveTeam, MemberItem, roleLabel, roleWord } from './member-controls';

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
        {t('team_copyInvitation')}
      </button>
      <span role="status" class="muted">
        {state === 'copied' ? t('team_copied') : state === 'failed' ? t('team_copyBlocked') : ''}
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
    return t('team_created', summary.teamName, outcomeText(summary.moved, text(form, 'serverUrl')));
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
    return t(
      'team_joined',
      summary.teamName,
      summary.user.name,
      outcomeText(summary.moved, invitation.serverUrl ?? text(form, 'serverUrl')),
    );
  });
  const [invite, setInvite] = useState<{ link: string; code: string; expiresAt: string } | null>(null);
  const inviteForm = useSubmit(async (form) => {
    const created = await send('team.invite', { teamId: text(form, 'teamId'), role: text(form, 'role') as 'member' });
    setInvite({
      link: invitationLink(created.serverUrl, created.code),
      code: created.code,
      expiresAt: created.expiresAt,
    });
    return t('team_invitationCreated');
  });
  const signOut = useSubmit(async () => {
    await send('account.signOut', {});
    return t('team_signedOut');
  });

  if (account.value.value === undefined) return <div class="skeleton" />;
  const current = account.value.value;

  if (!current) {
    return (
      <section aria-labelledby="team-title" id="team">
        <h2 id="team-title">{t('team_title')}</h2>
        <p class="muted">{t('team_intro')}</p>
        <fieldset class="row" style={{ marginBottom: 8, border: 0, padding: 0 }}>
          <legend class="sr-only">{t('team_howToUse')}</legend>
          <button
            type="button"
            class={`btn${mode === 'create' ? ' primary' : ''}`}
            aria-pressed={mode === 'create'}
            onClick={() => setMode('create')}
          >
            {t('team_createTeam')}
          </button>
          <button
            type="button"
            class={`btn${mode === 'join' ? ' primary' : ''}`}
            aria-pressed={mode === 'join'}
            onClick={() => setMode('join')}
          >
            {t('team_joinWithInvite')}
          </button>
          <button
            type="button"
            class={`btn${mode === 'local' ? ' primary' : ''}`}
            aria-pressed={mode === 'local'}
            onClick={() => setMode('local')}
          >
            {t('team_useWithoutServer')}
          </button>
        </fieldset>
        {mode === 'create' && (
          <form onSubmit={create.onSubmit} aria-label={t('team_createTeam')}>
            <ServerChoice initial={params.get('server') ?? DEFAULT_SERVER} fromLink={params.has('server')} />
            <label class="field">
              <span>{t('team_teamName')}</span>
              <input class="input" name="teamName" required maxLength={100} />
            </label>
            <label class="field">
              <span>{t('team_yourName')}</span>
              <input class="input" name="userName" required maxLength={100} />
            </label>
            <label class="field">
              <span>{t('team_adminCode')}</span>
              <input class="input" name="adminCode" maxLength={200} />
            </label>
            <DeviceDataChoice db={db} />
            <button type="submit" class="btn primary" disabled={create.busy}>
              {t('team_createSubmit')}
            </button>
            <Message result={create.result} />
          </form>
        )}
        {mode === 'join' && (
          <form onSubmit={join.onSubmit} aria-label={t('team_joinForm')}>
            <label class="field">
              <span>{t('team_invitationLink')}</span>
              <input
                class="input"
                name="invitation"
                required
                placeholder={t('team_invitationPlaceholder')}
                value={invitationText}
                onInput={(e) => setInvitationText((e.target as HTMLInputElement).value)}
              />
            </label>
            <LinkServer text={invitationText} />
            {/* A link names its server (shown above); only a bare code needs the address. */}
            {!linkNamesServer(invitationText) && (
              <details open={!!params.get('server') && !params.get('code')}>
                <summary>{t('team_onlyCode')}</summary>
                <ServerChoice initial={params.get('server') ?? DEFAULT_SERVER} fromLink={false} />
              </details>
            )}
            <label class="field">
              <span>{t('team_yourName')}</span>
              <input class="input" name="userName" required maxLength={100} />
            </label>
            <DeviceDataChoice db={db} />
            <button type="submit" class="btn primary" disabled={join.busy}>
              {t('team_join')}
            </button>
            <Message result={join.result} />
          </form>
        )}
        {mode === 'local' && <p>{t('team_localNote')}</p>}
      </section>
    );
  }

  const teams = (spaces.value.value ?? []).filter((s) => !s.personal);
  const admin = teams.filter((s) => s.role === 'owner' || s.role === 'admin');
  return (
    <section aria-labelledby="team-title" id="team">
      <h2 id="team-title">{t('team_title')}</h2>
      <p>{tParts('team_signedInAs', <code>{current.serverUrl}</code>, <strong>{current.user.name}</strong>)}</p>
      {/* What joining or creating just did: where, and what moved or stayed on this device. */}
      <Message result={join.result ?? create.result} />
      <SyncStatusLine db={db} />
      {teams.map((team) => (
        <div key={team.teamId} class="card" style={{ padding: 8, marginBottom: 8 }}>
          <strong>{team.name}</strong> <span class="muted">({roleWord(team.role)})</span>
          <ul aria-label={t('team_membersOf', team.name)}>
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
        <form onSubmit={inviteForm.onSubmit} aria-label={t('team_inviteForm')} class="row" style={{ flexWrap: 'wrap' }}>
          <label class="field">
            <span>{t('team_title')}</span>
            <select class="input" name="teamId">
              {admin.map((s) => (
                <option key={s.teamId} value={s.teamId}>
                  {s.name}
                </option>
              ))}
            </select>
          </label>
          <label class="field">
            <span>{t('team_role')}</span>
            <select class="input" name="role" ref={selectDefault('member')}>
              <option value="member">{roleLabel('member')}</option>
              <option value="admin">{roleLabel('admin')}</option>
              <option value="guest">{t('team_guestOption')}</option>
            </select>
          </label>
          <button type="submit" class="btn" disabled={inviteForm.busy}>
            {t('team_createInvitation')}
          </button>
        </form>
      )}
      <Message result={inviteForm.result} />
      {invite && (
        <div class="field">
          <span>{t('team_sendThis', new Date(invite.expiresAt).toLocaleString(uiLocale()))}</span>
          <div class="row">
            <input
              class="input"
              readOnly
              value={invite.link}
              aria-label={t('team_invitationLink')}
              onFocus={(e) => (e.target as HTMLInputElement).select()}
            />
            <CopyButton text={invite.link} />
          </div>
          <span class="muted">{tParts('team_linkHelp', <code>{invite.code}</code>)}</span>
        </div>
      )}
      <div class="row" style={{ marginTop: 8 }}>
        <button type="button" class="btn" onClick={() => void send('account.refresh', {}).catch(() => undefined)}>
          {t('team_refresh')}
        </button>
        <form onSubmit={signOut.onSubmit}>
          <button type="submit" class="btn">
            {t('team_signOut')}
          </button>
        </form>
      </div>
      <Message result={signOut.result} />
      <DevicesSection />
      <ApiAccessSection managed={admin.map((s) => ({ teamId: s.teamId, name: s.name }))} />
    </section>
  );
}
