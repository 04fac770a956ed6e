// The project templates: realistic content, and rows from `instantiateTemplate` that the schemas accept.
import { addDays } from '@@/shared/dates';
import { uuidv7 } from '@@/shared/id';
import { projectRollup } from '@@/shared/project-signals';
import { milestoneSchema, objectiveSchema, riskSchema } from '@@/shared/schemas/planning';
import { type Project, projectSchema } from '@@/shared/schemas/project';
import { findTemplate, instantiateTemplate, PROJECT_TEMPLATE_IDS, PROJECT_TEMPLATES } from '@@/shared/templates';
import { describe, expect, it } from 'vitest';

const NOW = new Date(2026, 10, 25, 14, 30);

describe('PROJECT_TEMPLATES', () => {
  it('offers the five templates, in order', () => {
    expect(PROJECT_TEMPLATES.map((t) => t.id)).toEqual([
      'product-launch',
      'software-development',
      'event',
      'tool-deployment',
      'communication-campaign',
    ]);
    expect(PROJECT_TEMPLATES.map((t) => t.id)).toEqual([...PROJECT_TEMPLATE_IDS]);
    expect(findTemplate('event')?.name).toBe('Event');
    expect(findTemplate('nope')).toBeUndefined();
    expect(findTemplate(null)).toBeUndefined();
  });

  for (const template of PROJECT_TEMPLATES) {
    it(`${template.id}: has a full charter and plan`, () => {
      for (const text of [
        template.name,
        template.description,
        template.objective,
        template.scopeIn,
        template.scopeOut,
        template.constraints,
      ]) {
        expect(text.trim().length).toBeGreaterThan(3);
      }
      expect(template.objectives.length).toBeGreaterThanOrEqual(3);
      expect(template.objectives.length).toBeLessThanOrEqual(5);
      expect(template.phases.length).toBeGreaterThanOrEqual(3);
      expect(template.phases.length).toBeLessThanOrEqual(5);
      expect(template.milestones.length).toBeGreaterThanOrEqual(3);
      expect(template.milestones.length).toBeLessThanOrEqual(5);
      expect(template.risks.length).toBeGreaterThanOrEqual(3);
      expect(template.risks.length).toBeLessThanOrEqual(6);

      // Phases follow each other; milestones are in date order and inside the plan.
      const phaseEnds = template.phases.map((p) => p.offsetDays);
      expect([...phaseEnds].sort((a, b) => a - b)).toEqual(phaseEnds);
      expect(new Set(phaseEnds).size).toBe(phaseEnds.length);
      const milestoneDays = template.milestones.map((m) => m.offsetDays);
      expect([...milestoneDays].sort((a, b) => a - b)).toEqual(milestoneDays);
      const end = Math.max(...phaseEnds);
      for (const day of [...phaseEnds, ...milestoneDays]) {
        expect(Number.isInteger(day)).toBe(true);
        expect(day).toBeGreaterThan(0);
        expect(day).toBeLessThanOrEqual(end);
      }
      for (const objective of template.objectives) {
        expect(objective.target === null || objective.target > 0).toBe(true);
      }
      for (const risk of template.risks) {
        expect(risk.mitigation.trim()).not.toBe('');
        expect(Number.isInteger(risk.probability) && risk.probability >= 1 && risk.probability <= 5).toBe(true);
        expect(Number.isInteger(risk.impact) && risk.impact >= 1 && risk.impact <= 5).toBe(true);
      }
      const titles = [...template.objectives, ...template.phases, ...template.milestones, ...template.risks].map(
        (item) => item.title,
      );
      expect(new Set(titles).size).toBe(titles.length);
    });
  }
});

describe('instantiateTemplate', () => {
  const projectId = uuidv7();
  const teamId = '3f2b8c1e-9a4d-4e6f-8b7a-1c2d3e4f5a6b';
  const member = '0190a000-0000-7000-8000-0000000000aa';

  for (const template of PROJECT_TEMPLATES) {
    it(`${template.id}: produces rows the schemas accept`, () => {
      const ids: string[] = [];
      const newId = () => {
        const id = uuidv7();
        ids.push(id);
        return id;
      };
      const start = '2026-12-20'; // plans run across the new year
      const result = instantiateTemplate(template, { projectId, teamId, start, createdBy: member, now: NOW, newId });

      for (const row of result.objectives) expect(objectiveSchema.parse(row)).toEqual(row);
      for (const row of result.milestones) expect(milestoneSchema.parse(row)).toEqual(row);
      for (const row of result.risks) expect(riskSchema.parse(row)).toEqual(row);
      const project: Project = {
        id: projectId,
        teamId,
        name: template.name,
        status: 'planned',
        color: '#2563eb',
        urlRules: [],
        archived: false,
        createdBy: member,
        createdAt: NOW.toISOString(),
        ...result.project,
      };
      expect(projectSchema.parse(project)).toEqual(project);

      // Every row has its own id from newId, and belongs to the project and team.
      const rows = [...result.objectives, ...result.milestones, ...result.risks];
      expect(rows.map((row) => row.id)).toEqual(ids);
      expect(new Set(ids).size).toBe(ids.length);
      for (const row of rows) {
        expect(row).toMatchObject({ projectId, teamId, createdBy: member, createdAt: NOW.toISOString() });
      }

      // Phases first, then milestones; due dates are start + offset; orders increase.
      expect(result.milestones.map((m) => [m.kind, m.title, m.dueAt])).toEqual([
        ...template.phases.map((p) => ['phase', p.title, addDays(start, p.offsetDays)]),
        ...template.milestones.map((m) => [m.kind, m.title, addDays(start, m.offsetDays)]),
      ]);
      expect(result.milestones.every((m) => !m.done)).toBe(true);
      for (const list of [result.objectives, result.milestones]) {
        const orders = list.map((row) => row.order);
        expect(orders.every((order, i) => i === 0 || order > (orders[i - 1] as number))).toBe(true);
      }

      // Objectives keep title, unit, target; measured ones start at 0; all are due with the project.
      expect(result.objectives.map((o) => [o.title, o.unit, o.target])).toEqual(
        template.objectives.map((o) => [o.title, o.unit, o.target]),
      );
      for (const o of result.objectives) {
        expect(o.current).toBe(o.target === null ? null : 0);
        expect(o.dueAt).toBe(result.project.dueAt);
      }
      // Risks start open and unowned.
      expect(result.risks.map((r) => [r.title, r.probability, r.impact, r.mitigation])).toEqual(
        template.risks.map((r) => [r.title, r.probability, r.impact, r.mitigation]),
      );
      expect(result.risks.every((r) => r.status === 'open' && r.ownerId === null)).toBe(true);

      // The charter, and dates spanning the whole plan.
      const last = Math.max(
        ...template.phases.map((p) => p.offsetDays),
        ...template.milestones.map((m) => m.offsetDays),
      );
      expect(result.project).toEqual({
        objective: template.objective,
        scopeIn: template.scopeIn,
        scopeOut: template.scopeOut,
        constraints: template.constraints,
        template: template.id,
        startAt: start,
        dueAt: addDays(start, last),
      });
      expect(result.project.dueAt?.startsWith('2027-')).toBe(true);
    });
  }

  it('works for a personal project (no team, no author) and feeds the rollup', () => {
    const template = PROJECT_TEMPLATES[0]!;
    const result = instantiateTemplate(template, {
      projectId,
      teamId: null,
      start: '2026-11-25',
      createdBy: null,
      now: NOW,
      newId: uuidv7,
    });
    for (const row of result.milestones) expect(milestoneSchema.safeParse(row).success).toBe(true);
    expect(result.risks[0]).toMatchObject({ teamId: null, createdBy: null });

    const rollup = projectRollup({
      project: { id: projectId, status: 'active', dueAt: result.project.dueAt ?? null },
      tasks: [],
      milestones: result.milestones,
      objectives: result.objectives,
      risks: result.risks,
      now: NOW,
    });
    expect(rollup.milestones).toHaveLength(template.phases.length + template.milestones.length);
    expect(rollup.nextMilestone?.title).toBe(template.milestones[0]?.title);
    expect(rollup.objectives.every((o) => o.progress.source !== 'tasks')).toBe(true);
    expect(rollup.openRisks).toHaveLength(template.risks.length);
    // Every template risk comes without an owner: all are flagged until someone takes them.
    expect(rollup.riskFlags.every((flag) => flag.problems.includes('no-owner'))).toBe(true);
    expect(rollup.riskMatrix.flat().reduce((a, b) => a + b, 0)).toBe(template.risks.length);
  });

  it('leaves the input ids to newId, one call per row', () => {
    let calls = 0;
    const template = PROJECT_TEMPLATES[2]!;
    instantiateTemplate(template, {
      projectId,
      teamId,
      start: '2026-01-01',
      createdBy: null,
      now: NOW,
      newId: () => {
        calls++;
        return uuidv7();
      },
    });
    expect(calls).toBe(
      template.objectives.length + template.phases.length + template.milestones.length + template.risks.length,
    );
  });
});
