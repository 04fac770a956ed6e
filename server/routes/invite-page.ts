// GET /join/:code: the invitation page a teammate opens from the link they were sent. Plain HTML, no script, a
// strict CSP. It says what Waypoint is and how to join: install the extension, then paste this page's address
// into Settings → Team → "Invitation link" (the extension reads the server and the code from it).
//
// The page never looks the code up. A GET is what link previews, mail scanners and browser prefetch do, so it
// must neither use the invitation up nor tell anyone whether a code is valid: an open, unthrottled validity check
// would let anyone test guessed codes. Every well-formed code gets the same page; whether it still works is
// learnt when joining (POST /v1/join, rate limited), which is also the only moment a person needs to know.
import { Hono } from 'hono';
import { invitationLink } from '../../shared/invitation';
import { inviteCodeSchema } from '../../shared/sync/protocol';
import type { AppEnv, Deps } from '../context';
import { escapeHtml, htmlDocument } from '../status-page/render';
import { publicOrigin } from './shares';
import { STATUS_PAGE_HEADERS } from './status-page';

const STYLE = `
:root{color-scheme:light dark;--fg:#1f2328;--muted:#59636e;--bg:#fff;--card:#f6f8fa;--line:#d1d9e0;--accent:#0969da}
@media (prefers-color-scheme:dark){:root{--fg:#e6edf3;--muted:#9198a1;--bg:#0d1117;--card:#151b23;--line:#3d444d;--accent:#4493f8}}
*{box-sizing:border-box}
body{margin:0;background:var(--bg);color:var(--fg);font:16px/1.55 system-ui,-apple-system,"Segoe UI",Roboto,Arial,sans-serif}
main{max-width:40rem;margin:0 auto;padding:2rem 1.25rem 3rem}
.eyebrow{margin:0;color:var(--muted);font-size:.85rem;text-transform:uppercase;letter-spacing:.06em}
h1{margin:.25rem 0 1rem;font-size:1.8rem;line-height:1.2}
h2{font-size:1.1rem;margin:1.75rem 0 .5rem}
ol{padding-left:1.3rem}li{margin:.4rem 0}
.card{background:var(--card);border:1px solid var(--line);border-radius:8px;padding:.75rem 1rem;margin:.75rem 0}
code{font:.95em ui-monospace,SFMono-Regular,Menlo,Consolas,monospace;overflow-wrap:anywhere}
dl{display:grid;grid-template-columns:max-content 1fr;gap:.25rem 1rem;margin:0}dt{color:var(--muted)}dd{margin:0}
.muted{color:var(--muted)}
`;

const page = (title: string, body: string): string => htmlDocument(title, body, STYLE);

export function renderInvitePage({ link, serverUrl, code }: { link: string; serverUrl: string; code: string }) {
  return page(
    'You are invited to a team on Waypoint',
    `<p class="eyebrow">Waypoint invitation</p>
<h1>You are invited to a team on Waypoint</h1>
<p>Waypoint is a browser extension that keeps your tasks next to the pages you work on and groups them into
projects with milestones, risks and status updates. Teams share their projects through a Waypoint server; this
invitation adds you to one on <code>${escapeHtml(serverUrl)}</code>.</p>
<h2>How to join</h2>
<ol>
<li>Install the Waypoint extension in Chrome, Edge or Firefox (ask the person who invited you where to get it).</li>
<li>Open Waypoint's settings: right-click the Waypoint icon and choose <strong>Options</strong>, then go to <strong>Team</strong> and choose <strong>Join with an invite</strong>.</li>
<li>Copy the address of this page into the field <strong>Invitation link</strong>, type your name and choose <strong>Join</strong>.</li>
</ol>
<div class="card">
<dl>
<dt>Invitation link</dt><dd><code>${escapeHtml(link)}</code></dd>
<dt>Server</dt><dd><code>${escapeHtml(serverUrl)}</code></dd>
<dt>Code</dt><dd><code>${escapeHtml(code)}</code></dd>
</dl>
</div>
<p class="muted">An invitation works once and expires after a while. Opening this page does not use it up. If joining
says the invitation is unknown, expired or already used, ask for a new one.</p>`,
  );
}

export function renderNotAnInvitePage() {
  return page(
    'Not an invitation link',
    `<p class="eyebrow">Waypoint invitation</p>
<h1>This is not an invitation link</h1>
<p>The address is incomplete or was changed on the way. Ask the person who invited you to copy the invitation
again from Waypoint's settings (Team → Copy invitation) and send the whole link.</p>`,
  );
}

/** Mounted at /join. `publicUrl` (WAYPOINT_PUBLIC_URL) overrides the request's origin in the page. */
export function createInvitePageRoutes(deps: Deps, publicUrl?: string) {
  return new Hono<AppEnv>().get('/:code', (c) => {
    const code = c.req.param('code');
    if (!inviteCodeSchema.safeParse(code).success) {
      return c.html(renderNotAnInvitePage(), 404, STATUS_PAGE_HEADERS);
    }
    const serverUrl = (publicUrl ?? publicOrigin(c, deps.trustedHops > 0)).replace(/\/+$/, '');
    return c.html(
      renderInvitePage({ link: invitationLink(serverUrl, code), serverUrl, code }),
      200,
      STATUS_PAGE_HEADERS,
    );
  });
}
