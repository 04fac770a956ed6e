// Create or edit a project: name, objective, status, dates, colour and the URL rules that tie pages to it.

import { toLocalDateKey } from '@@/shared/dates';
import { PROJECT_COLORS, PROJECT_STATUSES, type UrlRule } from '@@/shared/schemas/project';
import { findTemplate, PROJECT_TEMPLATES } from '@@/shared/templates';
import { useEffect, useRef, useState } from 'preact/hooks';
import type { WaypointDb } from '../db/database';
import type { ProjectRow } from '../db/rows';
import { send } from '../messaging/client';
import { FormFooter } from './form-footer';
import { useLive } from './live';
import { selectDefault } from './select-default';

const STATUS_LABELS: Record<string, string> = {
  planned: 'Planned',
  active: 'Active',
  'on-hold': 'On hold',
  done: 'Done',
  cancelled: 'Cancelled',
};
const RULE_LABELS: Record<UrlRule['kind'], string> = {
  domain: 'Domain',
  prefix: 'URL starts with',
  docId: 'Document id',
};

interface ProjectFormProps {
  db: WaypointDb;
  project?: ProjectRow;
  /** Suggest a rule for the page the user is on when creating a project. */
  suggestedDomain?: string;
  onDone: (project: ProjectRow | null) => void;
}

export function ProjectForm({ db, project, suggestedDomain, onDone }: ProjectFormProps) {
  const spaces = useLive(() => db.spaces.toArray(), []);
  const dialog = useRef<HTMLDialogElement>(null);
  const [rules, setRules] = useState<UrlRule[]>(project?.urlRules ?? []);
  const [templateId, setTemplateId] = useState('');
  const [error, setError] = useState<string | null>(null);
  useEffect(() => {
    dialog.current?.showModal();
  }, []);

  /** The template fills the charter; what the user typed in this form wins over it. */
  async function createFromTemplate(values: Record<string, unknown> & { name: string; color: ProjectRow['color'] }) {
    const form = dialog.current?.querySelector('form');
    const start = String((form && new FormData(form).get('templateStart')) ?? '') || toLocalDateKey(new Date());
    const created = await send('project.createFromTemplate', {
      templateId,
      name: values.name,
      start,
      ...(values.teamId !== undefined ? { teamId: values.teamId as string | null } : {}),
      color: values.color,
    });
    const typed = Object.fromEntries(
      Object.entries(values).filter(
        ([field, value]) =>
          !['name', 'teamId', 'color', 'startAt', 'dueAt', 'status'].includes(field) &&
          (field === 'urlRules'
            ? (value as unknown[]).length > 0
            : field === 'shareExcerpts'
              ? value === true
              : typeof value === 'string' && value.trim() !== ''),
      ),
    );
    return Object.keys(typed).length ? send('project.update', { id: created.id, patch: typed }) : created;
  }

  async function save(event: Event) {
    event.preventDefault();
    const form = new FormData(event.currentTarget as HTMLFormElement);
    const text = (name: string) => String(form.get(name) ?? '').trim();
    const values = {
      name: text('name'),
      objective: text('objective'),
      status: text('status') as ProjectRow['status'],
      startAt: text('startAt') || null,
      dueAt: text('dueAt') || null,
      color: text('color') as ProjectRow['color'],
      urlRules: rules.filter((rule) => rule.value.trim()),
      shareExcerpts: form.get('shareExcerpts') === 'on',
      scopeIn: String(form.get('scopeIn') ?? ''),
      scopeOut: String(form.get('scopeOut') ?? ''),
      constraints: String(form.get('constraints') ?? ''),
      ...(form.has('teamId') ? { teamId: text('teamId') || null } : {}),
    };
    try {
      // An edit sends only the changed fields, so it never overwrites a teammate's concurrent edit of another.
      const saved = project
        ? await send('project.update', {
            id: project.id,
            patch: Object.fromEntries(
              Object.entries(values).filter(
                ([field, value]) => JSON.stringify(project[field as keyof ProjectRow]) !== JSON.stringify(value),
              ),
            ),
          })
        : templateId
          ? await createFromTemplate(values)
          : await send('project.create', values);
      onDone(saved);
    } catch (caught) {
      setError(caught instanceof Error ? caught.message : String(caught));
    }
  }

  return (
    <dialog ref={dialog} aria-labelledby="project-form-title" onCancel={() => onDone(null)}>
      <form onSubmit={save}>
        <h2 id="project-form-title" style={{ marginTop: 0, fontSize: 16 }}>
          {project ? 'Edit project' : 'New project'}
        </h2>
        {!project && (
          <div class="row">
            <label class="field grow">
              <span>Start from</span>
              <select
                class="input"
                name="template"
                value={templateId}
                onChange={(e) => setTemplateId((e.target as HTMLSelectElement).value)}
              >
                <option value="">A blank project</option>
                {PROJECT_TEMPLATES.map((t) => (
                  <option key={t.id} value={t.id}>
                    Template: {t.name}
                  </option>
                ))}
              </select>
            </label>
            {templateId && (
              <label class="field">
                <span>Starting on</span>
                <input class="input" type="date" name="templateStart" defaultValue={toLocalDateKey(new Date())} />
              </label>
            )}
          </div>
        )}
        {templateId && <p class="muted small">{findTemplate(templateId)?.description}</p>}
        <label class="field">
          <span>Name</span>
          <input class="input" name="name" required maxLength={200} defaultValue={project?.name ?? ''} />
        </label>
        <label class="field">
          <span>Objective — why this project exists</span>
          <textarea class="input" name="objective" maxLength={5000} defaultValue={project?.objective ?? ''} />
        </label>
        <div class="row">
          <label class="field grow">
            <span>Status</span>
            <select class="input" name="status" ref={selectDefault(project?.status ?? 'active')}>
              {PROJECT_STATUSES.map((s) => (
                <option key={s} value={s}>
                  {STATUS_LABELS[s]}
                </option>
              ))}
            </select>
          </label>
          <fieldset class="field grow" style={{ border: 0, padding: 0, margin: 0 }}>
            <legend class="muted" style={{ fontSize: 12 }}>
              Colour
            </legend>
            <div class="row" style={{ gap: 4, flexWrap: 'wrap' }}>
              {PROJECT_COLORS.map((color, i) => (
                <label key={color} title={color}>
                  <input
                    type="radio"
                    name="color"
                    value={color}
                    defaultChecked={(project?.color ?? PROJECT_COLORS[0]) === color}
                    aria-label={`Colour ${i + 1}`}
                  />
                  <span class="dot" style={{ background: color, width: 12, height: 12 }} />
                </label>
              ))}
            </div>
          </fieldset>
        </div>
        <div class="row">
          <label class="field grow">
            <span>Start</span>
            <input class="input" type="date" name="startAt" defaultValue={project?.startAt ?? ''} />
          </label>
          <label class="field grow">
            <span>Due</span>
            <input class="input" type="date" name="dueAt" defaultValue={project?.dueAt ?? ''} />
          </label>
        </div>
        {(spaces.value.value?.length ?? 0) > 0 && (
          <label class="field">
            <span>Shared with</span>
            <select
              class="input"
              name="teamId"
              ref={selectDefault(project?.teamId ?? spaces.value.value?.find((s) => !s.personal)?.teamId ?? '')}
            >
              {spaces.value.value?.map((s) => (
                <option key={s.teamId} value={s.teamId} disabled={s.role === 'guest'}>
                  {s.personal ? 'Only me (private, synced)' : `Team: ${s.name}`}
                </option>
              ))}
              <option value="">This browser only</option>
            </select>
          </label>
        )}
        <label class="row small" style={{ marginBottom: 8 }}>
          <input type="checkbox" name="shareExcerpts" defaultChecked={project?.shareExcerpts ?? false} />
          Share captured quotes and e-mail excerpts with the team by default (titles and links are always shared)
        </label>
        <details class="field" open={!!(project?.scopeIn || project?.scopeOut || project?.constraints)}>
          <summary class="muted small">Scope and constraints</summary>
          <label class="field">
            <span>In scope</span>
            <textarea class="input" name="scopeIn" maxLength={10_000} defaultValue={project?.scopeIn ?? ''} />
          </label>
          <label class="field">
            <span>Out of scope</span>
            <textarea class="input" name="scopeOut" maxLength={10_000} defaultValue={project?.scopeOut ?? ''} />
          </label>
          <label class="field">
            <span>Constraints (budget, deadlines, rules)</span>
            <textarea class="input" name="constraints" maxLength={10_000} defaultValue={project?.constraints ?? ''} />
          </label>
        </details>
        <fieldset class="field" style={{ border: 0, padding: 0 }}>
          <legend class="muted" style={{ fontSize: 12 }}>
            Pages that belong to this project
          </legend>
          {rules.map((rule, i) => (
            <div class="row" key={i} style={{ marginBottom: 4 }}>
              <select
                class="input"
                style={{ width: 'auto' }}
                aria-label={`Rule ${i + 1} kind`}
                value={rule.kind}
                onChange={(e) =>
                  setRules(
                    rules.map((r, j) =>
                      j === i ? { ...r, kind: (e.target as HTMLSelectElement).value as UrlRule['kind'] } : r,
                    ),
                  )
                }
              >
                {(Object.keys(RULE_LABELS) as UrlRule['kind'][]).map((kind) => (
                  <option key={kind} value={kind}>
                    {RULE_LABELS[kind]}
                  </option>
                ))}
              </select>
              <input
                class="input grow"
                aria-label={`Rule ${i + 1} value`}
                value={rule.value}
                placeholder={
                  rule.kind === 'domain'
                    ? 'example.com'
                    : rule.kind === 'prefix'
                      ? 'https://example.com/team/'
                      : 'document id'
                }
                onInput={(e) =>
                  setRules(rules.map((r, j) => (j === i ? { ...r, value: (e.target as HTMLInputElement).value } : r)))
                }
              />
              <button
                type="button"
                class="icon-btn"
                aria-label={`Remove rule ${i + 1}`}
                onClick={() => setRules(rules.filter((_, j) => j !== i))}
              >
                ×
              </button>
            </div>
          ))}
          <button
            type="button"
            class="btn small"
            onClick={() =>
              setRules([
                ...rules,
                { kind: 'domain', value: rules.length === 0 && suggestedDomain ? suggestedDomain : '' },
              ])
            }
          >
            Add a URL rule
          </button>
        </fieldset>
        <FormFooter error={error} onCancel={() => onDone(null)} submitLabel={project ? 'Save' : 'Create project'} />
      </form>
    </dialog>
  );
}
