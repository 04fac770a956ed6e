// Share a read-only status page with stakeholders who do not use Waypoint: create, copy and revoke links.

import type { Share } from '@@/shared/sync/shares';
import { useEffect, useState } from 'preact/hooks';
import type { ProjectRow } from '../../db/rows';
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
          Status page for stakeholders
        </button>
      </h2>
      {open && (
        <>
          <p class="muted small">
            A read-only web page with the objective, progress, milestones, open risks and the latest status update — for
            people without Waypoint. Anyone with the link can read it until you revoke it.
          </p>
          {error && (
            <p class="alert small" role="alert">
              {error}
            </p>
          )}
          {created && (
            <label class="field">
              <span>New link (copy it now: it is shown once)</span>
              <input
                class="input"
                readOnly
                value={created}
                aria-label="Status page link"
                onFocus={(e) => (e.target as HTMLInputElement).select()}
              />
            </label>
          )}
          {shares && shares.length > 0 && (
            <ul class="dash-list" aria-label="Status page links">
              {shares.map((share) => (
                <li key={share.id} class="dash-item">
                  <span class="grow small">
                    Link created{' '}
                    {new Date(share.createdAt).toLocaleString([], { dateStyle: 'medium', timeStyle: 'short' })} by{' '}
                    {share.createdBy}
                  </span>
                  <button type="button" class="btn small" onClick={() => void revoke(share)}>
                    Revoke
                  </button>
                </li>
              ))}
            </ul>
          )}
          <button type="button" class="btn small" onClick={() => void create()}>
            Create a status page link
          </button>
        </>
      )}
    </section>
  );
}
