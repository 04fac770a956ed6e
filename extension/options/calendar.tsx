// Options → Subscribe in your calendar: the private ICS link of this account (copy it, open it as webcal://,
// regenerate it — the old one stops working — or turn it off).
import { useEffect, useState } from 'preact/hooks';
import {
  browserTimeZone,
  createFeed,
  FeedError,
  feedStatus,
  type StoredFeed,
  storedFeed,
  turnOffFeed,
} from '../calendar/feed';
import type { WaypointDb } from '../db/database';
import { t } from '../i18n';
import { readAccount } from '../sync/account';
import { useLive } from '../ui/live';

type View =
  | { kind: 'loading' }
  | { kind: 'off' }
  | { kind: 'on'; link: StoredFeed | null; timeZone: string | null }
  | { kind: 'error'; message: string; details: string };

export function CalendarSection({ db }: { db: WaypointDb }) {
  const account = useLive(() => readAccount(db), []).value.value;
  const [view, setView] = useState<View>({ kind: 'loading' });
  const [note, setNote] = useState('');
  const [copy, setCopy] = useState<'idle' | 'copied' | 'failed'>('idle');
  const [busy, setBusy] = useState(false);

  const fail = (error: unknown) =>
    setView({
      kind: 'error',
      message: error instanceof Error ? error.message : String(error),
      details: error instanceof FeedError ? error.details : String(error),
    });

  useEffect(() => {
    if (!account) return;
    let live = true;
    void (async () => {
      try {
        const [status, link] = await Promise.all([feedStatus(account), storedFeed(account)]);
        if (!live) return;
        setView(status.active ? { kind: 'on', link, timeZone: status.timeZone } : { kind: 'off' });
      } catch (error) {
        if (live) fail(error);
      }
    })();
    return () => {
      live = false;
    };
  }, [account?.serverUrl, account?.token]);

  const act = async (work: () => Promise<void>) => {
    setBusy(true);
    setCopy('idle');
    try {
      await work();
    } catch (error) {
      fail(error);
    } finally {
      setBusy(false);
    }
  };
  const make = (regenerating: boolean) =>
    act(async () => {
      if (!account) return;
      const link = await createFeed(account, browserTimeZone());
      setView({ kind: 'on', link, timeZone: link.timeZone });
      setNote(regenerating ? t('calendar_regenerated') : t('calendar_madeOn'));
    });

  return (
    <section aria-labelledby="calendar-title">
      <h2 id="calendar-title">{t('calendar_title')}</h2>
      <p class="muted">{t('calendar_intro')}</p>
      {!account ? (
        <p class="muted">{t('calendar_signedOut')}</p>
      ) : view.kind === 'loading' ? (
        <p class="muted">{t('calendar_checking')}</p>
      ) : view.kind === 'error' ? (
        <div role="alert" class="alert">
          <p>{view.message}</p>
          <details>
            <summary>{t('common_details')}</summary>
            <code>{view.details}</code>
          </details>
        </div>
      ) : view.kind === 'off' ? (
        <>
          <p class="muted">{t('calendar_off')}</p>
          <button type="button" class="btn primary" disabled={busy} onClick={() => void make(false)}>
            {t('calendar_create')}
          </button>
        </>
      ) : (
        <>
          {view.link ? (
            <>
              <label class="field">
                <span>{t('calendar_linkLabel')}</span>
                <input
                  class="input"
                  readOnly
                  value={view.link.url}
                  data-testid="calendar-url"
                  onFocus={(e) => e.currentTarget.select()}
                />
              </label>
              <p class="muted small">{t('calendar_zone', view.link.timeZone)}</p>
            </>
          ) : (
            <p class="muted">{t('calendar_onElsewhere')}</p>
          )}
          <div class="row">
            {view.link && (
              <>
                <button
                  type="button"
                  class="btn"
                  onClick={async () => {
                    try {
                      await navigator.clipboard.writeText(view.link?.url ?? '');
                      setCopy('copied');
                    } catch {
                      setCopy('failed');
                    }
                  }}
                >
                  {t('calendar_copy')}
                </button>
                <a class="btn" href={view.link.webcalUrl}>
                  {t('calendar_open')}
                </a>
              </>
            )}
            <button type="button" class="btn" disabled={busy} onClick={() => void make(true)}>
              {t('calendar_regenerate')}
            </button>
            <button
              type="button"
              class="btn"
              disabled={busy}
              onClick={() =>
                void act(async () => {
                  if (!account) return;
                  await turnOffFeed(account);
                  setView({ kind: 'off' });
                  setNote(t('calendar_turnedOff'));
                })
              }
            >
              {t('calendar_turnOff')}
            </button>
          </div>
        </>
      )}
      <p role="status" class="muted">
        {copy === 'copied' ? t('calendar_copied') : copy === 'failed' ? t('calendar_copyFailed') : note}
      </p>
    </section>
  );
}
