// Share a read-only status page with stakeholders who do not use Waypoint: create, copy and revoke links.

import type { Share } from '@@/shared/sync/shares';
import { useEffect, useState } from 'preact/hooks';
import type { ProjectRow } from '../../db/rows';
import { formatDate, t } from '../../i18n';
import { send } from '../../messaging/client';

export function StatusPageSection({ project }: { project: ProjectRow }) {
  const [open, setOpen] = useState(false);
  const [shares, setShares] = useState<Share[] | null>(null);
  const [created, setCreated] = useState<string | null>(null);
  const [error, setError] = useState<string | null>(null);

  async function load() {
    try {
      setShares(await send('share.list', { projectId: project.id }));
      setError(null);
    } catch (caught) {
      setError(caught instanceof Error ? caught.message : String(caught));
    }
  }
  useEffect(() => {
    if (open) void load();
  }, [open, project.id]);

  async function create() {
    try {
      const share = await send('share.create', { projectId: project.id });
      setCreated(share.url);
      await load();
    } catch (caught) {
      setError(caught instanceof Error ? caught.message : String(caught));
    }
  }

  async function revoke(share: Share) {
    try {
      await send('share.revoke', { projectId: project.id, shareId: share.id });
      setCreated(null);
      await load();
    } catch (caught) {
      setError(caught instanceof Error ? caught.message : String(caught));
    }
  }

  return (
    <section class="section dash" aria-labelledby="status-page-title" id="status-page">
      <h2 id="status-page-title">
        <button type="button" aria-expanded={open} onClick={() => setOpen(!open)}>
          <span aria-hidden="true">{open ? '▾' : '▸'}</span>
          {t('statusPage_title')}
        </button>
      </h2>
      {open && (
        <>
          <p class="muted small">{t('statusPage_intro')}</p>
          {error && (
            <p class="alert small" role="alert">
              {error}
            </p>
          )}
          {created && (
            <label class="field">
              <span>{t('statusPage_newLink')}</span>
              <input
                class="input"
                readOnly
                value={created}
                aria-label={t('statusPage_link')}
                onFocus={(e) => (e.target as HTMLInputElement).select()}
              />
            </label>
          )}
          {shares && shares.length > 0 && (
            <ul class="dash-list" aria-label={t('statusPage_links')}>
              {shares.map((share) => (
                <li key={share.id} class="dash-item">
                  <span class="grow small">
                    {t(
                      'statusPage_created',
                      formatDate(share.createdAt, { dateStyle: 'medium', timeStyle: 'short' }),
                      share.createdBy,
                    )}
                  </span>
                  <button type="button" class="btn small" onClick={() => void revoke(share)}>
                    {t('statusPage_revoke')}
                  </button>
                </li>
              ))}
            </ul>
          )}
          <button type="button" class="btn small" onClick={() => void create()}>
            {t('statusPage_create')}
          </button>
        </>
      )}
    </section>
  );
}
