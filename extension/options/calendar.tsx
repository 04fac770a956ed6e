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
import { readAccount } from '../sync/account';
import { useLive } from '../ui/live';

const text = {
  title: 'Subscribe in your calendar',
  intro:
    'A private link to your dated tasks (assigned to you, or unassigned ones you created) and the milestones of your projects. Add it to Google Calendar, Apple Calendar or Outlook as a calendar “from URL”; it updates when they refresh.',
  signedOut: 'Connect to a team server (above) to get a calendar link: the server serves it.',
  checking: 'Checking the calendar link…',
  off: 'No calendar link yet.',
  onElsewhere:
    'A calendar link is on, made in another browser. Regenerate it to see it here: the link in use now will stop working.',
  linkLabel: 'Calendar link (keep it private: anyone with it can read these tasks)',
  create: 'Get a calendar link',
  copy: 'Copy link',
  copied: 'Copied.',
  copyFailed: 'Copying is blocked here: select the link and copy it.',
  open: 'Open in calendar app',
  regenerate: 'Regenerate link',
  turnOff: 'Turn off',
  zone: (zone: string) => `Times are written in ${zone}.`,
  regenerated: 'New link made. The old one no longer works: update your calendar.',
  madeOn: 'Link made. Add it to your calendar app.',
  turnedOff: 'The calendar link is off. Calendars subscribed to it stop updating.',
  details: 'Details',
};

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
      setNote(regenerating ? text.regenerated : text.madeOn);
    });

  return (
    <section aria-labelledby="calendar-title">
      <h2 id="calendar-title">{text.title}</h2>
      <p class="muted">{text.intro}</p>
      {!account ? (
        <p class="muted">{text.signedOut}</p>
      ) : view.kind === 'loading' ? (
        <p class="muted">{text.checking}</p>
      ) : view.kind === 'error' ? (
        <div role="alert" class="alert">
          <p>{view.message}</p>
          <details>
            <summary>{text.details}</summary>
            <code>{view.details}</code>
          </details>
        </div>
      ) : view.kind === 'off' ? (
        <>
          <p class="muted">{text.off}</p>
          <button type="button" class="btn primary" disabled={busy} onClick={() => void make(false)}>
            {text.create}
          </button>
        </>
      ) : (
        <>
          {view.link ? (
            <>
              <label class="field">
                <span>{text.linkLabel}</span>
                <input
                  class="input"
                  readOnly
                  value={view.link.url}
                  data-testid="calendar-url"
                  onFocus={(e) => e.currentTarget.select()}
                />
              </label>
              <p class="muted small">{text.zone(view.link.timeZone)}</p>
            </>
          ) : (
            <p class="muted">{text.onElsewhere}</p>
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
                  {text.copy}
                </button>
                <a class="btn" href={view.link.webcalUrl}>
                  {text.open}
                </a>
              </>
            )}
            <button type="button" class="btn" disabled={busy} onClick={() => void make(true)}>
              {text.regenerate}
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
                  setNote(text.turnedOff);
                })
              }
            >
              {text.turnOff}
            </button>
          </div>
        </>
      )}
      <p role="status" class="muted">
        {copy === 'copied' ? text.copied : copy === 'failed' ? text.copyFailed : note}
      </p>
    </section>
  );
}
