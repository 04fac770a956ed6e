// A dashboard section whose rows are added, edited and deleted (with undo) where they are shown.

import type { PlanningTable } from '@@/shared/schemas/planning';
import type { ComponentChildren } from 'preact';
import { useState } from 'preact/hooks';
import type { AnyRow } from '../db/rows';
import { formatNumber, type MessageKey, t } from '../i18n';
import { send } from '../messaging/client';
import { Icon } from './icons';
import { RefusedNote } from './refusals';
import { type FieldSpec, RowForm } from './row-form';
import { showError, showToast } from './toast';

export type SectionNoun = 'milestone' | 'stakeholder' | 'risk' | 'objective' | 'document';
const NOUNS: Record<SectionNoun, Record<'new' | 'add' | 'edit' | 'delete' | 'deleted' | 'a', MessageKey>> = {
  milestone: {
    new: 'noun_milestone_new',
    add: 'noun_milestone_add',
    edit: 'noun_milestone_edit',
    delete: 'noun_milestone_delete',
    deleted: 'noun_milestone_deleted',
    a: 'noun_milestone_a',
  },
  stakeholder: {
    new: 'noun_stakeholder_new',
    add: 'noun_stakeholder_add',
    edit: 'noun_stakeholder_edit',
    delete: 'noun_stakeholder_delete',
    deleted: 'noun_stakeholder_deleted',
    a: 'noun_stakeholder_a',
  },
  risk: {
    new: 'noun_risk_new',
    add: 'noun_risk_add',
    edit: 'noun_risk_edit',
    delete: 'noun_risk_delete',
    deleted: 'noun_risk_deleted',
    a: 'noun_risk_a',
  },
  objective: {
    new: 'noun_objective_new',
    add: 'noun_objective_add',
    edit: 'noun_objective_edit',
    delete: 'noun_objective_delete',
    deleted: 'noun_objective_deleted',
    a: 'noun_objective_a',
  },
  document: {
    new: 'noun_document_new',
    add: 'noun_document_add',
    edit: 'noun_document_edit',
    delete: 'noun_document_delete',
    deleted: 'noun_document_deleted',
    a: 'noun_document_a',
  },
};

export interface EditableSectionProps<R extends AnyRow> {
  id: string;
  title: string;
  /** What a row is, for the labels: "risk" → "Add a risk", "Edit risk" (each language has its own). */
  noun: SectionNoun;
  table: PlanningTable;
  projectId: string;
  rows: R[];
  fields: FieldSpec[];
  /** Values a new row starts with (and that the form does not ask for). */
  defaults?: Record<string, unknown>;
  /** Shown above the list (a chart, a summary). */
  header?: ComponentChildren;
  empty: string;
  renderRow: (row: R) => ComponentChildren;
  readOnly?: boolean;
}

export function EditableSection<R extends AnyRow>(props: EditableSectionProps<R>) {
  const { id, title, noun, table, projectId, rows, fields, defaults = {}, header, empty, renderRow, readOnly } = props;
  const [editing, setEditing] = useState<string | 'new' | null>(null);
  const [open, setOpen] = useState(true);
  const words = NOUNS[noun];

  async function remove(row: R) {
    try {
      await send('row.delete', { table, id: row.id });
      showToast({ message: t(words.deleted), undo: () => send('row.restore', { table, id: row.id }) });
    } catch (error) {
      showError(error);
    }
  }

  return (
    <section class="section dash" aria-labelledby={`${id}-title`} id={id}>
      <h2 id={`${id}-title`}>
        <button type="button" aria-expanded={open} onClick={() => setOpen(!open)}>
          <span aria-hidden="true">{open ? '▾' : '▸'}</span>
          {title}
          <span class="count">{formatNumber(rows.length)}</span>
        </button>
        {!readOnly && open && editing !== 'new' && (
          <button type="button" class="btn small ghost add" onClick={() => setEditing('new')}>
            {t('section_add')}
            <span class="sr-only"> {t(words.a)}</span>
          </button>
        )}
      </h2>
      {open && (
        <>
          {header}
          {editing === 'new' && (
            <RowForm
              title={t(words.new)}
              fields={fields}
              initial={defaults}
              submitLabel={t(words.add)}
              onCancel={() => setEditing(null)}
              onSubmit={async (values) => {
                await send('row.create', { table, draft: { ...defaults, ...values, projectId } });
                setEditing(null);
              }}
            />
          )}
          {rows.length === 0 && editing !== 'new' ? (
            <p class="muted small">{empty}</p>
          ) : (
            <ul class="dash-list">
              {rows.map((row) =>
                editing === row.id ? (
                  <li key={row.id}>
                    <RowForm
                      title={t(words.edit)}
                      fields={fields}
                      initial={row as unknown as Record<string, unknown>}
                      onCancel={() => setEditing(null)}
                      onSubmit={async (values) => {
                        await send('row.update', { table, id: row.id, patch: values });
                        setEditing(null);
                      }}
                    />
                  </li>
                ) : (
                  <li key={row.id} class="dash-item">
                    <div class="grow">
                      {renderRow(row)}
                      <RefusedNote table={table} rowKey={row.id} />
                    </div>
                    {!readOnly && (
                      <div class="actions">
                        <button
                          type="button"
                          class="icon-btn"
                          aria-label={t(words.edit)}
                          onClick={() => setEditing(row.id)}
                        >
                          <Icon name="edit" />
                        </button>
                        <button
                          type="button"
                          class="icon-btn"
                          aria-label={t(words.delete)}
                          onClick={() => void remove(row)}
                        >
                          <Icon name="trash" />
                        </button>
                      </div>
                    )}
                  </li>
                ),
              )}
            </ul>
          )}
        </>
      )}
    </section>
  );
}
