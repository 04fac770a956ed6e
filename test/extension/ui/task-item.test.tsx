// @vitest-environment happy-dom
// A task's source becomes a link only for http(s) (shared/safe-url.ts): a javascript: or data: URL stored before the
// rule existed (or written by an old client) is shown as text, and the "o" key does not open it.
import { render } from 'preact';
import { describe, expect, it, vi } from 'vitest';
import type { TaskRow } from '@/db/rows';
import { TaskItem } from '@/ui/task-item';

vi.mock('webextension-polyfill', () => ({
  default: { runtime: { sendMessage: async () => ({ ok: true, result: null }) } },
}));

function task(url: string): TaskRow {
  return {
    id: '0190a6f0-0000-7000-8000-000000000001',
    teamId: null,
    projectId: null,
    title: 'From a link',
    notes: '',
    status: 'todo',
    priority: 2,
    assigneeId: null,
    dueAt: null,
    tags: [],
    source: { kind: 'page', url, pageTitle: 'Source page', capturedAt: '2026-11-20T09:00:00.000Z' },
    createdBy: null,
    createdAt: '2026-11-20T09:00:00.000Z',
    completedAt: null,
    order: 1,
  } as unknown as TaskRow;
}

function show(url: string) {
  const root = document.createElement('ul');
  document.body.append(root);
  render(
    <TaskItem task={task(url)} project={undefined} now={new Date('2026-11-25T12:00:00Z')} onEdit={() => undefined} />,
    root,
  );
  return root;
}

describe('TaskItem source link', () => {
  it('links an https source', () => {
    const root = show('https://example.com/page');
    expect(root.querySelector('a')?.getAttribute('href')).toBe('https://example.com/page');
    const open = vi.spyOn(window, 'open').mockImplementation(() => null);
    root
      .querySelector<HTMLElement>('li.task .title')
      ?.dispatchEvent(new KeyboardEvent('keydown', { key: 'o', bubbles: true }));
    expect(open).toHaveBeenCalledWith('https://example.com/page', '_blank', 'noopener');
    open.mockRestore();
  });

  it.each(['javascript:alert(1)', 'data:text/html,<script>alert(1)</script>', 'vbscript:msgbox'])(
    'shows %s as text, never as a link, and "o" does not open it',
    (url) => {
      const root = show(url);
      expect(root.querySelector('a')).toBeNull();
      expect(root.textContent).toContain('From a link');
      const open = vi.spyOn(window, 'open').mockImplementation(() => null);
      root
        .querySelector<HTMLElement>('li.task .title')
        ?.dispatchEvent(new KeyboardEvent('keydown', { key: 'o', bubbles: true }));
      expect(open).not.toHaveBeenCalled();
      open.mockRestore();
    },
  );
});
