// The stakeholder status page as HTML: one self-contained document, no JavaScript, every user string escaped.

import type { HealthState, MilestoneStatus, ProjectRollup } from '../../shared/project-signals';
import type { Health, Milestone, Objective, Risk, StatusUpdate } from '../../shared/schemas/planning';
import type { Project } from '../../shared/schemas/project';
import type { Task } from '../../shared/schemas/task';
import { countOf, isClosedStatus } from '../../shared/wording';

/** The Content-Security-Policy of every page served here: inline styles only, nothing else loads or runs. */
export const STATUS_PAGE_CSP =
  "default-src 'none'; style-src 'unsafe-inline'; img-src 'none'; base-uri 'none'; form-action 'none'; frame-ancestors 'none'";

type Row<T> = T & { id: string };

export interface StatusPageData {
  project: Row<Project>;
  rollup: ProjectRollup<Row<Task>, Row<Milestone>, Row<Objective>, Row<Risk>>;
  latestUpdate: Row<StatusUpdate> | null;
  now: Date;
}

/** Text as HTML text or attribute value: the five significant characters become entities. */
export function escapeHtml(value: unknown): string {
  return String(value ?? '')
    .replace(/&/g, '&amp;')
    .replace(/</g, '&lt;')
    .replace(/>/g, '&gt;')
    .replace(/"/g, '&quot;')
    .replace(/'/g, '&#39;');
}

// Built on first use: the first Intl formatter maps ~8 MiB of ICU data into the process, which a server that never
// renders a status page does not need (bench/server.ts, idle RSS).
let formats: { date: Intl.DateTimeFormat; instant: Intl.DateTimeFormat } | undefined;
const dateFormats = () =>
  (formats ??= {
    date: new Intl.DateTimeFormat('en-GB', { day: 'numeric', month: 'short', year: 'numeric', timeZone: 'UTC' }),
    instant: new Intl.DateTimeFormat('en-GB', {
      day: 'numeric',
      month: 'short',
      year: 'numeric',
      hour: '2-digit',
      minute: '2-digit',
      timeZone: 'UTC',
      timeZoneName: 'short',
    }),
  });

/** "27 Nov 2026" for a date-only value, "25 Nov 2026, 12:00 UTC" for an instant; '' when unreadable. */
export function formatDue(value: string | null | undefined): string {
  if (!value) return '';
  if (/^\d{4}-\d{2}-\d{2}$/.test(value)) {
    const at = Date.parse(`${value}T00:00:00Z`);
    return Number.isNaN(at) ? '' : dateFormats().date.format(at);
  }
  return formatInstant(value);
}

export function formatInstant(value: string | number | Date): string {
  const at = value instanceof Date ? value.getTime() : typeof value === 'number' ? value : Date.parse(value);
  return Number.isNaN(at) ? '' : dateFormats().instant.format(at);
}

const HEALTH_LABEL: Record<HealthState | Health, string> = {
  'on-track': 'On track',
  'at-risk': 'At risk',
  'off-track': 'Off track',
};

const LIFECYCLE_LABEL: Record<Project['status'], string> = {
  planned: 'Planned',
  active: 'Active',
  'on-hold': 'On hold',
  done: 'Done',
  cancelled: 'Cancelled',
};

const MILESTONE_LABEL: Record<MilestoneStatus, string> = {
  done: 'Done',
  'on-track': 'On track',
  'at-risk': 'At risk',
  late: 'Late',
  'no-date': 'No date',
};

const KIND_LABEL: Record<Milestone['kind'], string> = {
  phase: 'Phase',
  milestone: 'Milestone',
  deliverable: 'Deliverable',
};

const RISK_STATUS_LABEL: Record<Risk['status'], string> = {
  open: 'Open',
  mitigated: 'Mitigated',
  closed: 'Closed',
  occurred: 'Occurred',
};

const percent = (ratio: number): number => Math.round(Math.min(1, Math.max(0, ratio)) * 100);

/** A progress bar that also prints (its fill is a border, which printers keep, not a background). */
function bar(ratio: number, label: string): string {
  const p = percent(ratio);
  return `<div class="bar" role="img" aria-label="${escapeHtml(label)}"><span style="width:${p}%"></span></div>`;
}

function badge(kind: string, text: string): string {
  return `<span class="badge ${escapeHtml(kind)}">${escapeHtml(text)}</span>`;
}

/** Paragraphs from user text: blank lines split paragraphs, single newlines are kept by `white-space`. */
function paragraphs(text: string): string {
  return text
    .split(/\n\s*\n/)
    .map((p) => p.trim())
    .filter((p) => p !== '')
    .map((p) => `<p class="text">${escapeHtml(p)}</p>`)
    .join('');
}

const STYLE = `
:root{color-scheme:light dark;--fg:#1f2328;--muted:#59636e;--bg:#fff;--card:#f6f8fa;--line:#d1d9e0;
--ok:#1a7f37;--warn:#9a6700;--bad:#cf222e;--info:#0969da}
@media (prefers-color-scheme:dark){:root{--fg:#e6edf3;--muted:#9198a1;--bg:#0d1117;--card:#151b23;--line:#3d444d;
--ok:#3fb950;--warn:#d29922;--bad:#f85149;--info:#4493f8}}
*{box-sizing:border-box}
html{-webkit-text-size-adjust:100%}
body{margin:0;background:var(--bg);color:var(--fg);font:16px/1.5 system-ui,-apple-system,"Segoe UI",Roboto,"Helvetica Neue",Arial,sans-serif}
main{max-width:52rem;margin:0 auto;padding:2rem 1.25rem 3rem}
header{border-bottom:1px solid var(--line);padding-bottom:1rem;margin-bottom:1.5rem}
.eyebrow{margin:0;color:var(--muted);font-size:.85rem;text-transform:uppercase;letter-spacing:.06em}
h1{margin:.25rem 0 .5rem;font-size:1.9rem;line-height:1.2;overflow-wrap:break-word}
h2{font-size:1.15rem;margin:2rem 0 .75rem;padding-bottom:.3rem;border-bottom:1px solid var(--line)}
.meta{display:flex;flex-wrap:wrap;gap:.5rem 1rem;align-items:center;color:var(--muted);font-size:.95rem}
.badge{display:inline-block;border:1px solid currentColor;border-radius:999px;padding:.05rem .6rem;font-size:.85rem;font-weight:600;white-space:nowrap}
.on-track,.done{color:var(--ok)}.at-risk{color:var(--warn)}.off-track,.late{color:var(--bad)}
.lifecycle,.no-date{color:var(--muted)}
.text{white-space:pre-wrap;overflow-wrap:break-word;margin:.5rem 0}
.muted{color:var(--muted)}
.card{background:var(--card);border:1px solid var(--line);border-radius:8px;padding:1rem 1.25rem}
.summary{margin-top:1.5rem;display:grid;grid-template-columns:repeat(auto-fit,minmax(14rem,1fr));gap:1rem}
.figure{font-size:1.6rem;font-weight:700;line-height:1.2}
.bar{height:.6rem;border:1px solid var(--line);border-radius:999px;overflow:hidden;margin:.5rem 0 0;background:var(--bg)}
.bar span{display:block;height:0;border-top:.6rem solid var(--info)}
ul.reasons{margin:.5rem 0 0;padding-left:1.2rem}
ol.timeline{list-style:none;margin:0 0 0 .5rem;padding:0;border-left:2px solid var(--line)}
ol.timeline li{position:relative;margin:0 0 1rem;padding-left:1.25rem;break-inside:avoid}
ol.timeline li::before{content:"";position:absolute;left:-.45rem;top:.45rem;width:.8rem;height:.8rem;border-radius:50%;background:var(--bg);border:2px solid var(--line)}
ol.timeline li.is-done::before{background:var(--ok);border-color:var(--ok)}
ol.timeline li.is-phase .title{font-size:1.05rem}
.line{display:flex;flex-wrap:wrap;gap:.25rem .75rem;align-items:baseline}
.title{font-weight:600;color:var(--fg);overflow-wrap:break-word}
.small{font-size:.9rem}
table{width:100%;border-collapse:collapse;font-size:.95rem}
th,td{text-align:left;vertical-align:top;padding:.5rem .5rem;border-bottom:1px solid var(--line)}
th{color:var(--muted);font-weight:600;font-size:.85rem}
td.score{white-space:nowrap;font-variant-numeric:tabular-nums}
td .text{margin:0}
tr{break-inside:avoid}
@media screen and (max-width:36rem){
table,tbody,tr,td{display:block}thead{display:none}
tr{padding:.5rem 0;border-bottom:1px solid var(--line)}td{border:0;padding:.15rem 0}
td[data-label]::before{content:attr(data-label) ": ";color:var(--muted);font-size:.85rem}
td.score,td[data-label] .text{display:inline}
}
.objectives{list-style:none;padding:0;margin:0;display:grid;gap:.75rem}
footer{margin-top:2.5rem;padding-top:1rem;border-top:1px solid var(--line);color:var(--muted);font-size:.85rem}
@media print{
:root{--fg:#000;--muted:#444;--bg:#fff;--card:#fff;--line:#999;--ok:#1a7f37;--warn:#7a5200;--bad:#b3121d;--info:#0b4fa3}
body{font-size:11pt}
main{max-width:none;padding:0}
h2{break-after:avoid}
.card{border-color:#999}
.bar,.bar span,ol.timeline li::before{-webkit-print-color-adjust:exact;print-color-adjust:exact}
section{break-inside:auto}
@page{margin:16mm}
}
`;

/** A whole page of the server's own HTML (status and invitation pages): escaped title, inline style, no script. */
export function htmlDocument(title: string, body: string, style: string = STYLE): string {
  return `<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<meta name="robots" content="noindex, nofollow">
<meta name="referrer" content="no-referrer">
<title>${escapeHtml(title)}</title>
<style>${style}</style>
</head>
<body>
<main>
${body}
</main>
</body>
</html>
`;
}

/** A small page for the link's dead ends: unknown (404) or revoked (410). */
export function renderMessagePage(title: string, message: string): string {
  return htmlDocument(
    title,
    `<header><p class="eyebrow">Waypoint status page</p><h1>${escapeHtml(title)}</h1></header>
<p>${escapeHtml(message)}</p>`,
  );
}

function renderMilestones(rollup: StatusPageData['rollup']): string {
  if (rollup.milestones.length === 0) return '<p class="muted">No phases or milestones yet.</p>';
  const items = rollup.milestones.map((m) => {
    const p = m.progress;
    const due = formatDue(m.dueAt);
    const tasks = p.total > 0 ? `${countOf(p.done, p.total, 'task')} done` : '';
    const details = [
      `<span class="muted small">${escapeHtml(KIND_LABEL[m.kind])}</span>`,
      due ? `<span class="small">Due ${escapeHtml(due)}</span>` : '',
      tasks ? `<span class="small muted">${escapeHtml(tasks)}</span>` : '',
    ]
      .filter(Boolean)
      .join('');
    return `<li class="is-${escapeHtml(m.kind)}${m.done ? ' is-done' : ''}">
<div class="line"><span class="title">${escapeHtml(m.title)}</span>${badge(p.status, MILESTONE_LABEL[p.status])}</div>
<div class="line">${details}</div>${p.reason && p.status !== 'done' ? `<div class="small muted">${escapeHtml(p.reason)}</div>` : ''}
</li>`;
  });
  return `<ol class="timeline">${items.join('\n')}</ol>`;
}

function renderRisks(rollup: StatusPageData['rollup']): string {
  if (rollup.openRisks.length === 0) return '<p class="muted">No open risks.</p>';
  const rows = rollup.openRisks.map((r) => {
    const score = r.probability * r.impact;
    const level = score >= 15 ? 'off-track' : score >= 8 ? 'at-risk' : 'lifecycle';
    return `<tr><td><span class="title">${escapeHtml(r.title)}</span></td>
<td class="score" data-label="Score"><span class="${level}">${score}</span> <span class="muted small">(${r.probability} × ${r.impact})</span></td>
<td data-label="Mitigation">${r.mitigation.trim() ? `<p class="text">${escapeHtml(r.mitigation)}</p>` : '<span class="muted">None yet</span>'}</td>
<td data-label="Status">${escapeHtml(RISK_STATUS_LABEL[r.status])}</td></tr>`;
  });
  return `<table><thead><tr><th scope="col">Risk</th><th scope="col">Score (probability × impact)</th><th scope="col">Mitigation</th><th scope="col">Status</th></tr></thead>
<tbody>${rows.join('\n')}</tbody></table>`;
}

function renderObjectives(rollup: StatusPageData['rollup']): string {
  if (rollup.objectives.length === 0) return '';
  const items = rollup.objectives.map((o) => {
    const p = o.progress;
    const due = formatDue(o.dueAt);
    return `<li class="card"><div class="line"><span class="title">${escapeHtml(o.title)}</span>${
      due ? `<span class="small muted">Due ${escapeHtml(due)}</span>` : ''
    }</div>
<div class="small">${escapeHtml(p.label)}${p.ratio !== null ? ` · ${percent(p.ratio)}%` : ''}</div>${
      p.ratio !== null ? bar(p.ratio, `${percent(p.ratio)}%`) : ''
    }</li>`;
  });
  return `<h2>Objectives</h2><ul class="objectives">${items.join('\n')}</ul>`;
}

export function renderStatusPage({ project, rollup, latestUpdate, now }: StatusPageData): string {
  const { progress, health } = rollup;
  // A closed (done or cancelled) project reads as closed: its health is no longer a question.
  const closed = isClosedStatus(project.status);
  const pct = percent(progress.ratio);
  const dates = [
    project.startAt ? `${project.status === 'planned' ? 'Starts' : 'Started'} ${formatDue(project.startAt)}` : '',
    project.dueAt ? `Due ${formatDue(project.dueAt)}` : '',
  ].filter(Boolean);
  const updated = formatInstant(now);

  const body = `<header>
<p class="eyebrow">Project status</p>
<h1>${escapeHtml(project.name)}</h1>
<div class="meta">${badge('lifecycle', LIFECYCLE_LABEL[project.status])}${closed ? '' : badge(health.state, HEALTH_LABEL[health.state])}${dates
    .map((d) => `<span>${escapeHtml(d)}</span>`)
    .join('')}</div>
</header>
<section aria-labelledby="objective">
<h2 id="objective">Objective</h2>
${project.objective.trim() ? paragraphs(project.objective) : '<p class="muted">No objective written yet.</p>'}
</section>
<section class="summary" aria-label="Summary">
<div class="card">
<div class="muted small">Progress</div>
<div class="figure">${pct}%</div>
<div class="small">${escapeHtml(countOf(progress.done, progress.total, 'task'))} done</div>
${bar(progress.ratio, `${pct}% of tasks done`)}
</div>
${
  closed
    ? `<div class="card">
<div class="muted small">Status</div>
<div class="figure">${escapeHtml(LIFECYCLE_LABEL[project.status])}</div>
<div class="small muted">This project is closed.</div>
</div>`
    : `<div class="card">
<div class="muted small">Health</div>
<div class="figure ${escapeHtml(health.state)}">${escapeHtml(HEALTH_LABEL[health.state])}</div>
${
  health.reasons.length > 0
    ? `<ul class="reasons small">${health.reasons.map((r) => `<li>${escapeHtml(r)}</li>`).join('')}</ul>`
    : '<div class="small muted">Nothing overdue, late or at high risk.</div>'
}
</div>`
}
</section>
${renderObjectives(rollup)}
<section aria-labelledby="timeline">
<h2 id="timeline">Timeline</h2>
${renderMilestones(rollup)}
</section>
${
  closed
    ? ''
    : `<section aria-labelledby="risks">
<h2 id="risks">Open risks</h2>
${renderRisks(rollup)}
</section>`
}
<section aria-labelledby="update">
<h2 id="update">Latest status update</h2>
${
  latestUpdate
    ? `<div class="card"><div class="line">${badge(latestUpdate.health, HEALTH_LABEL[latestUpdate.health])}<span class="small muted">${escapeHtml(
        formatInstant(latestUpdate.createdAt),
      )}</span></div>${paragraphs(latestUpdate.body)}</div>`
    : '<p class="muted">No status update yet.</p>'
}
</section>
<footer>Updated ${escapeHtml(updated)} · A read-only page shared from Waypoint.</footer>`;
  return htmlDocument(`${project.name} — status`, body);
}
