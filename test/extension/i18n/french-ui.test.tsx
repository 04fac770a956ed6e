// @vitest-environment happy-dom
// A task row rendered with the French messages (the browser's i18n stand-in set to fr): its labels, its due
// date and its repeat sentence are French, its dates come from Intl in French.
import { render } from 'preact';
import { afterEach, describe, expect, it, vi } from 'vitest';
import type { TaskRow } from '@/db/rows';
import { TaskItem } from '@/ui/task-item';
import { useLocale } from '../i18n-fake';

vi.mock('webextension-polyfill', () => ({
  default: { runtime: { sendMessage: async () => ({ ok: true, result: null }) } },
}));

afterEach(() => useLocale('en'));

const now = new Date(2026, 10, 25, 10, 0);
const task = {
  id: '0190a6f0-0000-7000-8000-000000000002',
  teamId: null,
  projectId: null,
  title: 'Sport',
  notes: '',
  status: 'todo',
  priority: 2,
  assigneeId: null,
  dueAt: new Date(2026, 10, 26, 7, 0).toISOString(),
  recurrence: { rule: 'FREQ=WEEKLY;BYDAY=MO,TH', mode: 'due' },
  timesDone: 3,
  tags: [],
  source: null,
  createdBy: null,
  createdAt: '2026-11-20T09:00:00.000Z',
  completedAt: null,
  order: 1,
} as unknown as TaskRow;

/** The row once its repeat sentence is there: the recurrence code loads right after the first paint. */
async function show() {
  const root = document.createElement('ul');
  document.body.append(root);
  render(<TaskItem task={task} project={undefined} now={now} onEdit={() => undefined} />, root);
  await vi.waitFor(() => expect(root.querySelector('.repeats')).not.toBeNull());
  return root;
}

describe('a task row in French', () => {
  it('says when, how it repeats and what its buttons do in French', async () => {
    useLocale('fr');
    const root = await show();
    const meta = root.querySelector('.meta')?.textContent ?? '';
    expect(meta).toContain('demain 07:00');
    expect(meta).toContain('chaque semaine, le lundi et le jeudi à 07:00');
    expect(meta).toContain('faite 3\u202ffois');
    expect(root.querySelector('input[type=checkbox]')?.getAttribute('aria-label')).toBe('Terminer «\u00a0Sport\u00a0»');
    expect(root.querySelector('.flag-2')?.getAttribute('title')).toBe('Priorité 2');
  });

  it('reads the same in English with the English messages', async () => {
    const root = await show();
    const meta = root.querySelector('.meta')?.textContent ?? '';
    expect(meta).toContain('tomorrow 07:00');
    expect(meta).toContain('every week on Monday and Thursday at 07:00');
    expect(root.querySelector('input[type=checkbox]')?.getAttribute('aria-label')).toBe('Complete “Sport”');
  });
});
