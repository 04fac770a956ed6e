// Create or edit a project: name, objective, status, dates, colour and the URL rules that tie pages to it.

import { toLocalDateKey } from '@@/shared/dates';
import { PROJECT_COLORS, PROJECT_STATUSES, type UrlRule } from '@@/shared/schemas/project';
import { findTemplate, projectTemplates } from '@@/shared/templates';
import { useEffect, useRef, useState } from 'preact/hooks';
import type { WaypointDb } from '../db/database';
import type { ProjectRow } from '../db/rows';
import { type MessageKey, t } from '../i18n';
import { PROJECT_STATUS_LABELS } from '../i18n/labels';
import { templateWords } from '../i18n/templates';
import { send } from '../messaging/client';
import { FormFooter } from './form-footer';
import { useLive } from './live';
import { selectDefault } from './select-default';

const RULE_LABELS: Record<UrlRule['kind'], MessageKey> = {
  domain: 'projectForm_ruleDomain',
  prefix: 'projectForm_rulePrefix',
  docId: 'projectForm_ruleDocId',
};
/** Example values of a rule: notations, the same in every language. */
const DOMAIN_EXAMPLE = 'example.com';
const PREFIX_EXAMPLE = 'https://example.com/team/';

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
          {project ? t('projectForm_editHeading') : t('projectForm_newHeading')}
        </h2>
        {!project && (
          <div class="row">
            <label class="field grow">
              <span>{t('projectForm_startFrom')}</span>
              <select
                class="input"
                name="template"
                value={templateId}
                onChange={(e) => setTemplateId((e.target as HTMLSelectElement).value)}
              >
                <option value="">{t('projectForm_blank')}</option>
                {projectTemplates(templateWords).map((template) => (
                  <option key={template.id} value={template.id}>
                    {t('projectForm_template', template.name)}
                  </option>
                ))}
              </select>
            </label>
            {templateId && (
              <label class="field">
                <span>{t('projectForm_startingOn')}</span>
                <input class="input" type="date" name="templateStart" defaultValue={toLocalDateKey(new Date())} />
              </label>
            )}
          </div>
        )}
        {templateId && <p class="muted small">{findTemplate(templateId, templateWords)?.description}</p>}
        <label class="field">
          <span>{t('projectForm_name')}</span>
          <input class="input" name="name" required maxLength={200} defaultValue={project?.name ?? ''} />
        </label>
        <label class="field">
          <span>{t('projectForm_objective')}</span>
          <textarea class="input" name="objective" maxLength={5000} defaultValue={project?.objective ?? ''} />
        </label>
        <div class="row">
          <label class="field grow">
            <span>{t('projectForm_status')}</span>
            <select class="input" name="status" ref={selectDefault(project?.status ?? 'active')}>
              {PROJECT_STATUSES.map((s) => (
                <option key={s} value={s}>
                  {t(PROJECT_STATUS_LABELS[s] ?? 'status_active')}
                </option>
              ))}
            </select>
          </label>
          <fieldset class="field grow" style={{ border: 0, padding: 0, margin: 0 }}>
            <legend class="muted" style={{ fontSize: 12 }}>
              {t('projectForm_colour')}
            </legend>
            <div class="row" style={{ gap: 4, flexWrap: 'wrap' }}>
              {PROJECT_COLORS.map((color, i) => (
                <label key={color} title={color}>
                  <input
                    type="radio"
                    name="color"
                    value={color}
                    defaultChecked={(project?.color ?? PROJECT_COLORS[0]) === color}
                    aria-label={t('projectForm_colourN', i + 1)}
                  />
                  <span class="dot" style={{ background: color, width: 12, height: 12 }} />
                </label>
              ))}
            </div>
          </fieldset>
        </div>
        <div class="row">
          <label class="field grow">
            <span>{t('projectForm_start')}</span>
            <input class="input" type="date" name="startAt" defaultValue={project?.startAt ?? ''} />
          </label>
          <label class="field grow">
            <span>{t('projectForm_due')}</span>
            <input class="input" type="date" name="dueAt" defaultValue={project?.dueAt ?? ''} />
          </label>
        </div>
        {(spaces.value.value?.length ?? 0) > 0 && (
          <label class="field">
            <span>{t('projectForm_sharedWith')}</span>
            <select
              class="input"
              name="teamId"
              ref={selectDefault(project?.teamId ?? spaces.value.value?.find((s) => !s.personal)?.teamId ?? '')}
            >
              {spaces.value.value?.map((s) => (
                <option key={s.teamId} value={s.teamId} disabled={s.role === 'guest'}>
                  {s.personal ? t('projectForm_onlyMe') : t('projectForm_team', s.name)}
                </option>
              ))}
              <option value="">{t('projectForm_browserOnly')}</option>
            </select>
          </label>
        )}
        <label class="row small" style={{ marginBottom: 8 }}>
          <input type="checkbox" name="shareExcerpts" defaultChecked={project?.shareExcerpts ?? false} />
          {t('projectForm_shareExcerpts')}
        </label>
        <details class="field" open={!!(project?.scopeIn || project?.scopeOut || project?.constraints)}>
          <summary class="muted small">{t('projectForm_scope')}</summary>
          <label class="field">
            <span>{t('projectForm_inScope')}</span>
            <textarea class="input" name="scopeIn" maxLength={10_000} defaultValue={project?.scopeIn ?? ''} />
          </label>
          <label class="field">
            <span>{t('projectForm_outOfScope')}</span>
            <textarea class="input" name="scopeOut" maxLength={10_000} defaultValue={project?.scopeOut ?? ''} />
          </label>
          <label class="field">
            <span>{t('projectForm_constraints')}</span>
            <textarea class="input" name="constraints" maxLength={10_000} defaultValue={project?.constraints ?? ''} />
          </label>
        </details>
        <fieldset class="field" style={{ border: 0, padding: 0 }}>
          <legend class="muted" style={{ fontSize: 12 }}>
            {t('projectForm_pages')}
          </legend>
          {rules.map((rule, i) => (
            <div class="row" key={i} style={{ marginBottom: 4 }}>
              <select
                class="input"
                style={{ width: 'auto' }}
                aria-label={t('projectForm_ruleKind', i + 1)}
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
                    {t(RULE_LABELS[kind])}
                  </option>
                ))}
              </select>
              <input
                class="input grow"
                aria-label={t('projectForm_ruleValue', i + 1)}
                value={rule.value}
                placeholder={
                  rule.kind === 'domain'
                    ? DOMAIN_EXAMPLE
                    : rule.kind === 'prefix'
                      ? PREFIX_EXAMPLE
                      : t('projectForm_docIdPlaceholder')
                }
                onInput={(e) =>
                  setRules(rules.map((r, j) => (j === i ? { ...r, value: (e.target as HTMLInputElement).value } : r)))
                }
              />
              <button
                type="button"
                class="icon-btn"
                aria-label={t('projectForm_removeRule', i + 1)}
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
            {t('projectForm_addRule')}
          </button>
        </fieldset>
        <FormFooter
          error={error}
          onCancel={() => onDone(null)}
          submitLabel={project ? t('common_save') : t('projectForm_create')}
        />
      </form>
    </dialog>
  );
}
