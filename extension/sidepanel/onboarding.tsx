// First-run card in the side panel: work with a team (create or join) or keep using Waypoint alone.
import browser from 'webextension-polyfill';
import { readSettings } from '../data/settings';
import type { WaypointDb } from '../db/database';
import { t } from '../i18n';
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
      <h2 id="onboarding-title">{t('onboarding_title')}</h2>
      <p class="muted">{t('onboarding_text')}</p>
      <div class="row" style={{ flexWrap: 'wrap' }}>
        <button type="button" class="btn primary small" onClick={() => openTeam('create')}>
          {t('team_createTeam')}
        </button>
        <button type="button" class="btn small" onClick={() => openTeam('join')}>
          {t('team_joinWithInvite')}
        </button>
        <button
          type="button"
          class="btn ghost small"
          onClick={() => void send('settings.update', { onboardingDismissed: true })}
        >
          {t('team_useWithoutServer')}
        </button>
      </div>
    </section>
  );
}
