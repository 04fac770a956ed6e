// "HTTP API and webhooks" in the options page: personal API tokens (create read-only or read/write, copy the
// secret once, revoke), and for the teams the person owns or administers, webhooks (add with events, copy the
// signing secret once, read the delivery log, enable or disable, delete). See docs/api.md.
import {
  type ApiScope,
  type ApiToken,
  type DeliveryLog,
  WEBHOOK_EVENT_NAMES,
  type Webhook,
  type WebhookEventName,
} from '@@/shared/schemas/api-access';
import { useEffect, useState } from 'preact/hooks';
import { RequestError, send } from '../messaging/client';

const text = {
  tokensTitle: 'API tokens',
  tokensIntro:
    'Scripts use a personal API token to read and change your tasks over the HTTP API (see docs/api.md on the project site). A token acts as you, in your teams, with your role.',
  noTokens: 'No API tokens yet.',
  tokensLabel: 'API tokens',
  tokenName: 'Name',
  tokenNamePlaceholder: 'e.g. Nightly report script',
  scope: 'Access',
  scopeRead: 'Read only',
  scopeWrite: 'Read and write',
  createToken: 'Create token',
  newToken: 'Your new token. Copy it now: it is shown only once.',
  newTokenLabel: 'New API token',
  copy: 'Copy',
  copied: 'Copied.',
  copyBlocked: 'Copying is blocked here: select the text and copy it.',
  done: 'Done',
  revoke: 'Revoke',
  revokeConfirm: (name: string) => `Revoke ${name}? Scripts using it stop working at once.`,
  tokenMeta: (scope: string, created: string, used: string) => `${scope}, created ${created}, last used ${used}`,
  notYet: 'not yet',
  webhooksTitle: (team: string) => `Webhooks of ${team}`,
  webhooksIntro:
    'The server sends a signed JSON request to each address when these things happen in the team. Only owners and admins see this.',
  noWebhooks: 'No webhooks yet.',
  webhooksLabel: (team: string) => `Webhooks of ${team}`,
  url: 'Address (https://…)',
  events: 'Events',
  addWebhook: 'Add webhook',
  newSecret: 'The signing secret of this webhook. Copy it now: it is shown only once.',
  newSecretLabel: 'Webhook signing secret',
  enabled: 'Enabled',
  disabled: 'Disabled',
  enable: 'Enable',
  disable: 'Disable',
  showLog: 'Delivery log',
  hideLog: 'Hide log',
  delete: 'Delete',
  deleteConfirm: 'Delete this webhook and its log?',
  pending: (n: number) => (n === 1 ? '1 delivery waiting' : `${n} deliveries waiting`),
  noAttempts: 'Nothing sent yet.',
  attemptOk: (code: number | null) => `delivered (HTTP ${code ?? '?'})`,
  attemptFailed: (code: number | null, error: string | null) =>
    code !== null ? `failed (HTTP ${code})` : `failed: ${error ?? 'no answer'}`,
  attemptLine: (event: string, at: string, attempt: number, outcome: string) =>
    `${at} · ${event} · attempt ${attempt} · ${outcome}`,
  logLabel: 'Delivery log',
  failuresInRow: (n: number) => (n === 0 ? '' : `, ${n} failed in a row`),
  details: 'Details',
  yes: (label: string) => `Yes, ${label.toLowerCase()}`,
  cancel: 'Cancel',
  eventNames: {
    'task.created': 'Task created',
    'task.completed': 'Task completed',
    'task.assigned': 'Task assigned',
    'task.due_changed': 'Due date changed',
    'project.status_changed': 'Project status changed',
    'comment.added': 'Comment added',
    'risk.added': 'Risk added',
  } satisfies Record<WebhookEventName, string>,
};

type Failure = { text: string; code?: string } | null;
const explain = (error: unknown): Failure =>
  error instanceof RequestError
    ? { text: error.message, code: error.code }
    : { text: error instanceof Error ? error.message : String(error) };

function ErrorLine({ failure }: { failure: Failure }) {
  if (!failure) return null;
  return (
    <div role="alert" class="alert">
      {failure.text}
      {failure.code && (
        <details>
          <summary>{text.details}</summary>
          <code>{failure.code}</code>
        </details>
      )}
    </div>
  );
}

function ConfirmButton(props: { label: string; confirm: string; onConfirm: () => Promise<void> }) {
  const [asking, setAsking] = useState(false);
  const [busy, setBusy] = useState(false);
  if (!asking) {
    return (
      <button type="button" class="btn small" onClick={() => setAsking(true)}>
        {props.label}
      </button>
    );
  }
  return (
    <span class="row" style={{ gap: 4 }}>
      <span>{props.confirm}</span>
      <button
        type="button"
        class="btn small danger"
        disabled={busy}
        onClick={async () => {
          setBusy(true);
          try {
            await props.onConfirm();
          } finally {
            setBusy(false);
            setAsking(false);
          }
        }}
      >
        {text.yes(props.label)}
      </button>
      <button type="button" class="btn small" onClick={() => setAsking(false)}>
        {text.cancel}
      </button>
    </span>
  );
}

/** A secret shown once: read-only field, Copy, and Done to put it away. */
function ShownOnce(props: { intro: string; label: string; secret: string; onDone: () => void }) {
  const [state, setState] = useState<'idle' | 'copied' | 'failed'>('idle');
  return (
    <div class="field">
      <span>{props.intro}</span>
      <div class="row">
        <input
          class="input"
          readOnly
          value={props.secret}
          aria-label={props.label}
          onFocus={(e) => (e.target as HTMLInputElement).select()}
        />
        <button
          type="button"
          class="btn"
          onClick={async () => {
            try {
              await navigator.clipboard.writeText(props.secret);
              setState('copied');
            } catch {
              setState('failed');
            }
          }}
        >
          {text.copy}
        </button>
        <button type="button" class="btn" onClick={props.onDone}>
          {text.done}
        </button>
      </div>
      <span role="status" class="muted">
        {state === 'copied' ? text.copied : state === 'failed' ? text.copyBlocked : ''}
      </span>
    </div>
  );
}

const when = (iso: string | null) => (iso ? new Date(iso).toLocaleString() : text.notYet);
const scopeLabel = (scope: ApiScope) => (scope === 'write' ? text.scopeWrite : text.scopeRead);

function ApiTokensSection() {
  const [tokens, setTokens] = useState<ApiToken[] | null>(null);
  const [failure, setFailure] = useState<Failure>(null);
  const [created, setCreated] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const load = async () => {
    try {
      setTokens(await send('apiToken.list', {}));
      setFailure(null);
    } catch (error) {
      setFailure(explain(error));
    }
  };
  useEffect(() => {
    void load();
  }, []);
  return (
    <section aria-labelledby="api-tokens-title" style={{ marginTop: 12 }}>
      <h3 id="api-tokens-title">{text.tokensTitle}</h3>
      <p class="muted small">{text.tokensIntro}</p>
      <ErrorLine failure={failure} />
      {tokens === null && !failure && <div class="skeleton" />}
      {tokens && tokens.length === 0 && <p class="muted">{text.noTokens}</p>}
      {tokens && tokens.length > 0 && (
        <ul aria-label={text.tokensLabel}>
          {tokens.map((t) => (
            <li key={t.id}>
              <span class="row" style={{ gap: 8, flexWrap: 'wrap' }}>
                <strong>{t.name}</strong>
                <span class="muted small">
                  {text.tokenMeta(scopeLabel(t.scope), when(t.createdAt), when(t.lastUsedAt))}
                </span>
                <ConfirmButton
                  label={text.revoke}
                  confirm={text.revokeConfirm(t.name)}
                  onConfirm={async () => {
                    try {
                      await send('apiToken.revoke', { id: t.id });
                      await load();
                    } catch (error) {
                      setFailure(explain(error));
                    }
                  }}
                />
              </span>
            </li>
          ))}
        </ul>
      )}
      {created && (
        <ShownOnce intro={text.newToken} label={text.newTokenLabel} secret={created} onDone={() => setCreated(null)} />
      )}
      <form
        aria-label={text.createToken}
        class="row"
        style={{ flexWrap: 'wrap', alignItems: 'flex-end' }}
        onSubmit={async (event) => {
          event.preventDefault();
          const form = event.currentTarget as HTMLFormElement;
          const data = new FormData(form);
          setBusy(true);
          try {
            const answer = await send('apiToken.create', {
              name: String(data.get('name') ?? ''),
              scope: data.get('scope') === 'write' ? 'write' : 'read',
            });
            setCreated(answer.token);
            form.reset();
            await load();
          } catch (error) {
            setFailure(explain(error));
          } finally {
            setBusy(false);
          }
        }}
      >
        <label class="field">
          <span>{text.tokenName}</span>
          <input class="input" name="name" required maxLength={100} placeholder={text.tokenNamePlaceholder} />
        </label>
        <label class="field">
          <span>{text.scope}</span>
          <select class="input" name="scope">
            <option value="read">{text.scopeRead}</option>
            <option value="write">{text.scopeWrite}</option>
          </select>
        </label>
        <button type="submit" class="btn" disabled={busy}>
          {text.createToken}
        </button>
      </form>
    </section>
  );
}

function AttemptLog({ log }: { log: DeliveryLog }) {
  return (
    <div>
      {log.pending > 0 && <p class="muted small">{text.pending(log.pending)}</p>}
      {log.attempts.length === 0 ? (
        <p class="muted small">{text.noAttempts}</p>
      ) : (
        <ul aria-label={text.logLabel} class="small">
          {log.attempts.map((a) => (
            <li key={a.id} class={a.ok ? '' : 'alert'}>
              {text.attemptLine(
                text.eventNames[a.event],
                when(a.at),
                a.attempt,
                a.ok ? text.attemptOk(a.statusCode) : text.attemptFailed(a.statusCode, a.error),
              )}
            </li>
          ))}
        </ul>
      )}
    </div>
  );
}

function WebhookItem(props: {
  teamId: string;
  hook: Webhook;
  reload: () => Promise<void>;
  fail: (f: Failure) => void;
}) {
  const { teamId, hook } = props;
  const [log, setLog] = useState<DeliveryLog | null>(null);
  const act = async (work: () => Promise<unknown>) => {
    try {
      await work();
      await props.reload();
    } catch (error) {
      props.fail(explain(error));
    }
  };
  return (
    <li>
      <div class="row" style={{ gap: 8, flexWrap: 'wrap' }}>
        <code>{hook.url}</code>
        <span class={hook.enabled ? 'muted small' : 'alert small'}>
          {hook.enabled ? text.enabled : text.disabled}
          {hook.disabledReason ? ` (${hook.disabledReason})` : ''}
          {text.failuresInRow(hook.failures)}
        </span>
      </div>
      <div class="muted small">{hook.events.map((e) => text.eventNames[e]).join(', ')}</div>
      <div class="row" style={{ gap: 4, flexWrap: 'wrap' }}>
        <button
          type="button"
          class="btn small"
          onClick={() => act(() => send('webhook.update', { teamId, id: hook.id, enabled: !hook.enabled }))}
        >
          {hook.enabled ? text.disable : text.enable}
        </button>
        <button
          type="button"
          class="btn small"
          aria-expanded={log !== null}
          onClick={async () => {
            if (log) return setLog(null);
            try {
              setLog(await send('webhook.log', { teamId, id: hook.id }));
            } catch (error) {
              props.fail(explain(error));
            }
          }}
        >
          {log ? text.hideLog : text.showLog}
        </button>
        <ConfirmButton
          label={text.delete}
          confirm={text.deleteConfirm}
          onConfirm={() => act(() => send('webhook.delete', { teamId, id: hook.id }))}
        />
      </div>
      {log && <AttemptLog log={log} />}
    </li>
  );
}

function WebhooksSection({ teamId, teamName }: { teamId: string; teamName: string }) {
  const [hooks, setHooks] = useState<Webhook[] | null>(null);
  const [failure, setFailure] = useState<Failure>(null);
  const [secret, setSecret] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const load = async () => {
    try {
      setHooks(await send('webhook.list', { teamId }));
      setFailure(null);
    } catch (error) {
      setFailure(explain(error));
    }
  };
  useEffect(() => {
    void load();
  }, [teamId]);
  const titleId = `webhooks-title-${teamId}`;
  return (
    <section aria-labelledby={titleId} style={{ marginTop: 12 }}>
      <h3 id={titleId}>{text.webhooksTitle(teamName)}</h3>
      <p class="muted small">{text.webhooksIntro}</p>
      <ErrorLine failure={failure} />
      {hooks === null && !failure && <div class="skeleton" />}
      {hooks && hooks.length === 0 && <p class="muted">{text.noWebhooks}</p>}
      {hooks && hooks.length > 0 && (
        <ul aria-label={text.webhooksLabel(teamName)}>
          {hooks.map((h) => (
            <WebhookItem key={h.id} teamId={teamId} hook={h} reload={load} fail={setFailure} />
          ))}
        </ul>
      )}
      {secret && (
        <ShownOnce intro={text.newSecret} label={text.newSecretLabel} secret={secret} onDone={() => setSecret(null)} />
      )}
      <form
        aria-label={`${text.addWebhook} (${teamName})`}
        onSubmit={async (event) => {
          event.preventDefault();
          const form = event.currentTarget as HTMLFormElement;
          const data = new FormData(form);
          const events = WEBHOOK_EVENT_NAMES.filter((e) => data.get(e) === 'on');
          setBusy(true);
          try {
            const answer = await send('webhook.create', { teamId, url: String(data.get('url') ?? ''), events });
            setSecret(answer.secret);
            form.reset();
            await load();
          } catch (error) {
            setFailure(explain(error));
          } finally {
            setBusy(false);
          }
        }}
      >
        <label class="field">
          <span>{text.url}</span>
          <input class="input" name="url" type="url" required maxLength={2000} />
        </label>
        <fieldset>
          <legend>{text.events}</legend>
          {WEBHOOK_EVENT_NAMES.map((e) => (
            <label key={e} class="row" style={{ gap: 4 }}>
              <input type="checkbox" name={e} defaultChecked />
              {text.eventNames[e]}
            </label>
          ))}
        </fieldset>
        <button type="submit" class="btn" disabled={busy}>
          {text.addWebhook}
        </button>
      </form>
    </section>
  );
}

/** Tokens for everyone; webhooks for each shared team the person owns or administers. */
export function ApiAccessSection({ managed }: { managed: { teamId: string; name: string }[] }) {
  return (
    <>
      <ApiTokensSection />
      {managed.map((t) => (
        <WebhooksSection key={t.teamId} teamId={t.teamId} teamName={t.name} />
      ))}
    </>
  );
}
