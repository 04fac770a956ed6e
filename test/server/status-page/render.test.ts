// The status page reads a closed project as closed and a planned one as not started yet; counts agree in number.
import { describe, expect, it } from 'vitest';
import { renderStatusPage } from '../../../server/status-page/render';
import { projectRollup } from '../../../shared/project-signals';
import type { Project } from '../../../shared/schemas/project';
import type { Task } from '../../../shared/schemas/task';

const NOW = new Date('2026-12-01T12:00:00Z');
const project = (status: Project['status']) =>
  ({
    id: '0190f0f0-0000-7000-8000-000000000001',
    teamId: 't1',
    name: 'Launch',
    objective: '',
    status,
    startAt: '2026-12-10',
    dueAt: '2026-12-20',
    color: '#2563eb',
    urlRules: [],
    archived: false,
    createdBy: null,
    createdAt: '2026-11-01T00:00:00.000Z',
  }) as Project & { id: string };
const task = {
  id: 'k1',
  title: 'Late task',
  projectId: '0190f0f0-0000-7000-8000-000000000001',
  dueAt: '2026-11-20',
  doneAt: null,
} as unknown as Task & { id: string };

function render(status: Project['status']) {
  const p = project(status);
  const rollup = projectRollup({
    project: p,
    tasks: [task],
    milestones: [],
    objectives: [],
    risks: [],
    now: NOW,
  } as never);
  return renderStatusPage({ project: p, rollup, latestUpdate: null, now: NOW } as never);
}

describe('status page wording', () => {
  it('a closed project shows no health and no open risks', () => {
    for (const status of ['done', 'cancelled'] as const) {
      const html = render(status);
      expect(html).toContain('This project is closed.');
      expect(html).not.toContain('<h2 id="risks">');
      expect(html).not.toMatch(/badge (on-track|at-risk|off-track)/);
    }
    expect(render('active')).toMatch(/badge (on-track|at-risk|off-track)/);
  });

  it('a planned project "Starts", a running one "Started"; "0 of 1 task"', () => {
    expect(render('planned')).toContain('Starts 10 Dec 2026');
    expect(render('active')).toContain('Started 10 Dec 2026');
    expect(render('active')).toContain('0 of 1 task done');
  });
});
