// First-run card in the side panel: work with a team (create or join) or keep using Waypoint alone.
import browser from 'webextension-polyfill';
import { readSettings } from '../data/settings';
import type { WaypointDb } from '../db/database';
import { send } from '../messaging/client';
import { readAccount } from '../sync/account';
import { useLive } from '../ui/live';

export function Onboarding({ db }: { db: WaypointDb }) {
  const state = useLive(
    async () => ({ account: await readAccount(db), dismissed: (await readSettings(db)).onboardingDismissed }),
    [],
  );
  const value = state.value.value;
  if (!value || value.account || value.dismissed) return null;
  const openTeam = (mode: 'create' | 'join') =>
    void browser.tabs.create({ url: browser.runtime.getURL(`/options.html?mode=${mode}#team`) });
  return (
    <section class="card onboarding" aria-labelledby="onboarding-title">
      <h2 id="onboarding-title">Work with your team?</h2>
      <p class="muted">
        Share projects and tasks through a Waypoint server your team runs. Everything keeps working offline.
      </p>
      <div class="row" style={{ flexWrap: 'wrap' }}>
        <button type="button" class="btn primary small" onClick={() => openTeam('create')}>
          Create a team
        </button>
        <button type="button" class="btn small" onClick={() => openTeam('join')}>
          Join with an invite
        </button>
        <button
          type="button"
          class="btn ghost small"
          onClick={() => void send('settings.update', { onboardingDismissed: true })}
        >
          Use without a server
        </button>
      </div>
    </section>
  );
}
