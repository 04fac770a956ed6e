// "HTTP API and webhooks" in the options page: personal API tokens (create read-only or read/write, copy the
// secret once, revoke), and for the teams the person owns or administers, webhooks (add with events, copy the
// signing secret once, read the delivery log, enable or disable, delete). See docs/api.md.
import {
  type ApiScope,
  type DeliveryLog,
  WEBHOOK_EVENT_NAMES,
  type Webhook,
  type WebhookEventName,
} from '@@/shared/schemas/api-access';
import { useState } from 'preact/hooks';
import { type MessageKey, t, tn, uiLocale } from '../i18n';
import { send } from '../messaging/client';
import { ConfirmButton, ErrorLine, explain, type Failure, useServerRead } from './server-controls';

const EVENT_NAMES = {
  'task.created': 'apiAccess_eventTaskCreated',
  'task.completed': 'apiAccess_eventTaskCompleted',
  'task.assigned': 'apiAccess_eventTaskAssigned',
  'task.due_changed': 'apiAccess_eventTaskDueChanged',
  'project.status_changed': 'apiAccess_eventProjectStatusChanged',
  'comment.added': 'apiAccess_eventCommentAdded',
  'risk.added': 'apiAccess_eventRiskAdded',
} satisfies Record<WebhookEventName, MessageKey>;
const eventName = (event: WebhookEventName) => t(EVENT_NAMES[event]);

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
          {t('apiAccess_copy')}
        </button>
        <button type="button" class="btn" onClick={props.onDone}>
          {t('apiAccess_done')}
        </button>
      </div>
      <span role="status" class="muted">
        {state === 'copied' ? t('apiAccess_copied') : state === 'failed' ? t('apiAccess_copyBlocked') : ''}
      </span>
    </div>
  );
}

const when = (iso: string | null) => (iso ? new Date(iso).toLocaleString(uiLocale()) : t('apiAccess_notYet'));
const scopeLabel = (scope: ApiScope) => (scope === 'write' ? t('apiAccess_scopeWrite') : t('apiAccess_scopeRead'));
const attemptOutcome = (a: DeliveryLog['attempts'][number]) =>
  a.ok
    ? t('apiAccess_attemptOk', a.statusCode === null ? '?' : String(a.statusCode))
    : a.statusCode !== null
      ? t('apiAccess_attemptFailedHttp', String(a.statusCode))
      : t('apiAccess_attemptFailedError', a.error ?? t('apiAccess_noAnswer'));

function ApiTokensSection() {
  const { value: tokens, failure, setFailure, load } = useServerRead(() => send('apiToken.list', {}));
  const [created, setCreated] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  return (
    <section aria-labelledby="api-tokens-title" style={{ marginTop: 12 }}>
      <h3 id="api-tokens-title">{t('apiAccess_tokensTitle')}</h3>
      <p class="muted small">{t('apiAccess_tokensIntro')}</p>
      <ErrorLine failure={failure} />
      {tokens === null && !failure && <div class="skeleton" />}
      {tokens && tokens.length === 0 && <p class="muted">{t('apiAccess_noTokens')}</p>}
      {tokens && tokens.length > 0 && (
        <ul aria-label={t('apiAccess_tokensTitle')}>
          {tokens.map((token) => (
            <li key={token.id}>
              <span class="row" style={{ gap: 8, flexWrap: 'wrap' }}>
                <strong>{token.name}</strong>
                <span class="muted small">
                  {t('apiAccess_tokenMeta', scopeLabel(token.scope), when(token.createdAt), when(token.lastUsedAt))}
                </span>
                <ConfirmButton
                  danger
                  label={t('apiAccess_revoke')}
                  yes={t('apiAccess_yesRevoke')}
                  confirm={t('apiAccess_revokeConfirm', token.name)}
                  onConfirm={async () => {
                    try {
                      await send('apiToken.revoke', { id: token.id });
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
        <ShownOnce
          intro={t('apiAccess_newToken')}
          label={t('apiAccess_newTokenLabel')}
          secret={created}
          onDone={() => setCreated(null)}
        />
      )}
      <form
        aria-label={t('apiAccess_createToken')}
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
          <span>{t('apiAccess_tokenName')}</span>
          <input class="input" name="name" required maxLength={100} placeholder={t('apiAccess_tokenNamePlaceholder')} />
        </label>
        <label class="field">
          <span>{t('apiAccess_scope')}</span>
          <select class="input" name="scope">
            <option value="read">{t('apiAccess_scopeRead')}</option>
            <option value="write">{t('apiAccess_scopeWrite')}</option>
          </select>
        </label>
        <button type="submit" class="btn" disabled={busy}>
          {t('apiAccess_createToken')}
        </button>
      </form>
    </section>
  );
}

function AttemptLog({ log }: { log: DeliveryLog }) {
  return (
    <div>
      {log.pending > 0 && <p class="muted small">{tn('apiAccess_pending', log.pending)}</p>}
      {log.attempts.length === 0 ? (
        <p class="muted small">{t('apiAccess_noAttempts')}</p>
      ) : (
        <ul aria-label={t('apiAccess_deliveryLog')} class="small">
          {log.attempts.map((a) => (
            <li key={a.id} class={a.ok ? '' : 'alert'}>
              {t('apiAccess_attemptLine', when(a.at), eventName(a.event), a.attempt, attemptOutcome(a))}
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
          {hook.enabled ? t('apiAccess_enabled') : t('apiAccess_disabled')}
          {hook.disabledReason ? ` (${hook.disabledReason})` : ''}
          {hook.failures > 0 ? `, ${tn('apiAccess_failuresInRow', hook.failures)}` : ''}
        </span>
      </div>
      <div class="muted small">{hook.events.map(eventName).join(', ')}</div>
      <div class="row" style={{ gap: 4, flexWrap: 'wrap' }}>
        <button
          type="button"
          class="btn small"
          onClick={() => act(() => send('webhook.update', { teamId, id: hook.id, enabled: !hook.enabled }))}
        >
          {hook.enabled ? t('apiAccess_disable') : t('apiAccess_enable')}
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
          {log ? t('apiAccess_hideLog') : t('apiAccess_deliveryLog')}
        </button>
        <ConfirmButton
          danger
          label={t('common_delete')}
          yes={t('apiAccess_yesDelete')}
          confirm={t('apiAccess_deleteConfirm')}
          onConfirm={() => act(() => send('webhook.delete', { teamId, id: hook.id }))}
        />
      </div>
      {log && <AttemptLog log={log} />}
    </li>
  );
}

function WebhooksSection({ teamId, teamName }: { teamId: string; teamName: string }) {
  const { value: hooks, failure, setFailure, load } = useServerRead(() => send('webhook.list', { teamId }), [teamId]);
  const [secret, setSecret] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const titleId = `webhooks-title-${teamId}`;
  return (
    <section aria-labelledby={titleId} style={{ marginTop: 12 }}>
      <h3 id={titleId}>{t('apiAccess_webhooksOf', teamName)}</h3>
      <p class="muted small">{t('apiAccess_webhooksIntro')}</p>
      <ErrorLine failure={failure} />
      {hooks === null && !failure && <div class="skeleton" />}
      {hooks && hooks.length === 0 && <p class="muted">{t('apiAccess_noWebhooks')}</p>}
      {hooks && hooks.length > 0 && (
        <ul aria-label={t('apiAccess_webhooksOf', teamName)}>
          {hooks.map((h) => (
            <WebhookItem key={h.id} teamId={teamId} hook={h} reload={load} fail={setFailure} />
          ))}
        </ul>
      )}
      {secret && (
        <ShownOnce
          intro={t('apiAccess_newSecret')}
          label={t('apiAccess_newSecretLabel')}
          secret={secret}
          onDone={() => setSecret(null)}
        />
      )}
      <form
        aria-label={t('apiAccess_addWebhookFor', teamName)}
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
          <span>{t('apiAccess_url')}</span>
          <input class="input" name="url" type="url" required maxLength={2000} />
        </label>
        <fieldset>
          <legend>{t('apiAccess_events')}</legend>
          {WEBHOOK_EVENT_NAMES.map((e) => (
            <label key={e} class="row" style={{ gap: 4 }}>
              <input type="checkbox" name={e} defaultChecked />
              {eventName(e)}
            </label>
          ))}
        </fieldset>
        <button type="submit" class="btn" disabled={busy}>
          {t('apiAccess_addWebhook')}
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
      {managed.map((team) => (
        <WebhooksSection key={team.teamId} teamId={team.teamId} teamName={team.name} />
      ))}
    </>
  );
}
