// @vitest-environment happy-dom
// The inline form every dashboard section edits with: values come back typed the way the schemas want them.
import { render } from 'preact';
import { describe, expect, it } from 'vitest';
import { RowForm } from '@/ui/row-form';

const scale = [1, 2, 3, 4, 5].map((n) => ({ value: String(n), label: String(n) }));

describe('RowForm', () => {
  it('reads numbers, dates, checkboxes and nullable selects back as typed values', async () => {
    const root = document.createElement('div');
    document.body.append(root);
    let submitted: Record<string, unknown> | null = null;
    render(
      <RowForm
        title="New risk"
        initial={{ title: 'Vendor late', probability: 4, target: null, done: true, ownerId: null }}
        fields={[
          { name: 'title', label: 'Risk', type: 'text', required: true },
          { name: 'probability', label: 'Probability', type: 'select', options: scale, numeric: true },
          { name: 'target', label: 'Target', type: 'number', optional: true },
          { name: 'dueAt', label: 'Due', type: 'date' },
          { name: 'done', label: 'Done', type: 'checkbox' },
          { name: 'ownerId', label: 'Owner', type: 'select', nullable: true, options: [{ value: 'u1', label: 'Ana' }] },
        ]}
        onSubmit={async (values) => {
          submitted = values;
        }}
        onCancel={() => undefined}
      />,
      root,
    );
    const form = root.querySelector('form')!;
    expect(form.getAttribute('aria-label')).toBe('New risk');
    form.dispatchEvent(new Event('submit', { cancelable: true, bubbles: true }));
    await new Promise((done) => setTimeout(done, 0));
    expect(submitted).toEqual({
      title: 'Vendor late',
      probability: 4,
      target: null,
      dueAt: null,
      done: true,
      ownerId: null,
    });
  });
});
