// A small inline form for one row, driven by a field list: how every dashboard section edits in place.
import { useEffect, useRef, useState } from 'preact/hooks';
import { FormFooter } from './form-footer';
import { selectDefault } from './select-default';

export type FieldSpec =
  | {
      name: string;
      label: string;
      type: 'text' | 'textarea' | 'url';
      required?: boolean;
      maxLength?: number;
      placeholder?: string;
    }
  | { name: string; label: string; type: 'number'; min?: number; max?: number; step?: number; optional?: boolean }
  | { name: string; label: string; type: 'date' }
  | { name: string; label: string; type: 'checkbox' }
  | {
      name: string;
      label: string;
      type: 'select';
      options: { value: string; label: string }[];
      nullable?: boolean;
      /** The options are numbers (a 1–5 scale): the value is read back as a number. */
      numeric?: boolean;
    };

export interface RowFormProps {
  /** Accessible name of the form, e.g. "New risk" or "Edit risk". */
  title: string;
  fields: FieldSpec[];
  initial?: Record<string, unknown>;
  submitLabel?: string;
  onSubmit: (values: Record<string, unknown>) => Promise<unknown>;
  onCancel: () => void;
}

/** Read typed values back from the form: numbers as numbers, empty optional fields as null. */
function readValues(form: HTMLFormElement, fields: FieldSpec[]): Record<string, unknown> {
  const data = new FormData(form);
  const values: Record<string, unknown> = {};
  for (const field of fields) {
    const raw = data.get(field.name);
    const text = typeof raw === 'string' ? raw : '';
    switch (field.type) {
      case 'checkbox':
        values[field.name] = raw === 'on';
        break;
      case 'number':
        values[field.name] = text.trim() === '' ? (field.optional ? null : Number.NaN) : Number(text);
        break;
      case 'date':
        values[field.name] = text || null;
        break;
      case 'select':
        values[field.name] = text === '' && field.nullable ? null : field.numeric ? Number(text) : text;
        break;
      default:
        values[field.name] = field.type === 'textarea' ? text : text.trim();
    }
  }
  return values;
}

export function RowForm({ title, fields, initial = {}, submitLabel = 'Save', onSubmit, onCancel }: RowFormProps) {
  const form = useRef<HTMLFormElement>(null);
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  useEffect(() => {
    form.current?.querySelector<HTMLElement>('input, textarea, select')?.focus();
  }, []);

  async function submit(event: Event) {
    event.preventDefault();
    setBusy(true);
    setError(null);
    try {
      await onSubmit(readValues(event.currentTarget as HTMLFormElement, fields));
    } catch (caught) {
      setError(caught instanceof Error ? caught.message : String(caught));
    } finally {
      setBusy(false);
    }
  }

  const value = (name: string) => initial[name];
  return (
    <form
      ref={form}
      class="row-form"
      aria-label={title}
      onSubmit={submit}
      onKeyDown={(event) => {
        if (event.key === 'Escape') {
          event.preventDefault();
          onCancel();
        }
      }}
    >
      {fields.map((field) => {
        if (field.type === 'checkbox') {
          return (
            <label key={field.name} class="row check">
              <input type="checkbox" name={field.name} defaultChecked={value(field.name) === true} /> {field.label}
            </label>
          );
        }
        let control: preact.JSX.Element;
        if (field.type === 'textarea') {
          control = (
            <textarea
              class="input"
              name={field.name}
              maxLength={field.maxLength ?? 10_000}
              defaultValue={String(value(field.name) ?? '')}
            />
          );
        } else if (field.type === 'select') {
          control = (
            <select class="input" name={field.name} ref={selectDefault(String(value(field.name) ?? ''))}>
              {field.nullable && <option value="">—</option>}
              {field.options.map((option) => (
                <option key={option.value} value={option.value}>
                  {option.label}
                </option>
              ))}
            </select>
          );
        } else if (field.type === 'number') {
          const current = value(field.name);
          control = (
            <input
              class="input"
              type="number"
              name={field.name}
              min={field.min}
              max={field.max}
              step={field.step ?? 'any'}
              required={!field.optional}
              defaultValue={typeof current === 'number' ? String(current) : ''}
            />
          );
        } else if (field.type === 'date') {
          control = (
            <input class="input" type="date" name={field.name} defaultValue={String(value(field.name) ?? '')} />
          );
        } else {
          control = (
            <input
              class="input"
              type={field.type === 'url' ? 'url' : 'text'}
              name={field.name}
              required={field.required}
              maxLength={field.maxLength ?? 500}
              placeholder={field.placeholder}
              defaultValue={String(value(field.name) ?? '')}
            />
          );
        }
        return (
          // biome-ignore lint/a11y/noLabelWithoutControl: the control is built above for the field's type
          <label key={field.name} class="field">
            <span>{field.label}</span>
            {control}
          </label>
        );
      })}
      <FormFooter error={error} onCancel={onCancel} submitLabel={submitLabel} busy={busy} small />
    </form>
  );
}
