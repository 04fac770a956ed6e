// @vitest-environment happy-dom
// memoByValue (extension/ui/memo.ts): a list row renders again only when its props change in value. Rows come out
// of IndexedDB as new objects on every live-query answer, so equal copies must not render again, while any change
// of a field, a date or a handler must.
import { signal } from '@preact/signals';
import { render } from 'preact';
import { afterEach, describe, expect, it } from 'vitest';
import { memoByValue } from '@/ui/memo';
import { TaskListItem } from '@/ui/task-item';

interface RowProps {
  row: { id: string; title: string; tags: string[]; source?: { url: string } };
  now: Date;
  onPick: () => void;
}

function createCounted() {
  const renders: string[] = [];
  const Row = memoByValue(function Row({ row, now }: RowProps) {
    renders.push(row.title);
    return (
      <li>
        {row.title} {row.tags.join(',')} {now.toISOString()}
      </li>
    );
  });
  return { Row, renders };
}

const root = () => document.body.appendChild(document.createElement('ul'));
afterEach(() => {
  document.body.innerHTML = '';
});

describe('memoByValue', () => {
  const row = { id: 'a', title: 'Call the venue', tags: ['ops'], source: { url: 'https://example.com/' } };
  const now = new Date('2026-12-02T10:00:00Z');
  const onPick = () => {};

  it('does not render again for an equal copy of its props', () => {
    const { Row, renders } = createCounted();
    const into = root();
    render(<Row row={row} now={now} onPick={onPick} />, into);
    render(<Row row={structuredClone(row)} now={new Date(now)} onPick={onPick} />, into);
    expect(renders).toEqual(['Call the venue']);
  });

  it('renders again when a field, a nested value, the date or a handler changes', () => {
    const { Row, renders } = createCounted();
    const into = root();
    render(<Row row={row} now={now} onPick={onPick} />, into);
    render(<Row row={{ ...row, title: 'Call the caterer' }} now={now} onPick={onPick} />, into);
    expect(into.textContent).toContain('Call the caterer');
    render(<Row row={{ ...row, title: 'Call the caterer', tags: ['ops', 'food'] }} now={now} onPick={onPick} />, into);
    expect(into.textContent).toContain('ops,food');
    const later = new Date('2026-12-03T10:00:00Z');
    render(
      <Row row={{ ...row, title: 'Call the caterer', tags: ['ops', 'food'] }} now={later} onPick={onPick} />,
      into,
    );
    expect(into.textContent).toContain('2026-12-03');
    render(
      <Row row={{ ...row, title: 'Call the caterer', tags: ['ops', 'food'] }} now={later} onPick={() => {}} />,
      into,
    );
    expect(renders).toHaveLength(5);
  });

  it('still renders again on its own for a signal it reads', async () => {
    const label = signal('draft');
    const Badge = memoByValue(function Badge({ id }: { id: string }) {
      return (
        <span>
          {id}: {label.value}
        </span>
      );
    });
    const into = root();
    render(<Badge id="a" />, into);
    label.value = 'sent';
    await new Promise((done) => setTimeout(done, 0));
    expect(into.textContent).toBe('a: sent');
  });

  it('names the component it wraps (for the profiler and devtools)', () => {
    expect((TaskListItem as { displayName?: string }).displayName).toBe('MemoByValue(TaskItem)');
  });
});
