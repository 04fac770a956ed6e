// A dashboard section whose rows are added, edited and deleted (with undo) where they are shown.

import type { PlanningTable } from '@@/shared/schemas/planning';
import { withArticle } from '@@/shared/wording';
import type { ComponentChildren } from 'preact';
import { useState } from 'preact/hooks';
import type { AnyRow } from '../db/rows';
import { send } from '../messaging/client';
import { Icon } from './icons';
import { RefusedNote } from './refusals';
import { type FieldSpec, RowForm } from './row-form';
import { showError, showToast } from './toast';

export interface EditableSectionProps<R extends AnyRow> {
  id: string;
  title: string;
  /** Singular noun for labels: "risk" → "Add a risk", "Edit risk". */
  noun: string;
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

  async function remove(row: R) {
    try {
      await send('row.delete', { table, id: row.id });
      showToast({ message: `Deleted ${noun}`, undo: () => send('row.restore', { table, id: row.id }) });
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
          <span class="count">{rows.length}</span>
        </button>
        {!readOnly && open && editing !== 'new' && (
          <button type="button" class="btn small ghost add" onClick={() => setEditing('new')}>
            + Add<span class="sr-only"> {withArticle(noun)}</span>
          </button>
        )}
      </h2>
      {open && (
        <>
          {header}
          {editing === 'new' && (
            <RowForm
              title={`New ${noun}`}
              fields={fields}
              initial={defaults}
              submitLabel={`Add ${noun}`}
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
                      title={`Edit ${noun}`}
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
                          aria-label={`Edit ${noun}`}
                          onClick={() => setEditing(row.id)}
                        >
                          <Icon name="edit" />
                        </button>
                        <button
                          type="button"
                          class="icon-btn"
                          aria-label={`Delete ${noun}`}
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
