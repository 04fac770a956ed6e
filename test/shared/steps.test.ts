// The checklist's pure rules: list order, where a placed step goes (one write, ties, bad keys), and progress.

import { positionSchema } from '@@/shared/schemas/step';
import { placeStep, progressByTask, sortSteps, stepProgress, stepsToReset } from '@@/shared/steps';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';

type S = { id: string; position: string; done: boolean };

/** Apply placements to a list and return its ids in order. */
function apply(steps: S[], placed: { id: string; position: string }[]): S[] {
  const out = new Map(steps.map((s) => [s.id, { ...s }]));
  for (const p of placed) out.set(p.id, { ...(out.get(p.id) ?? { id: p.id, done: false }), position: p.position });
  return sortSteps([...out.values()]);
}
const ids = (steps: S[]) => steps.map((s) => s.id);

function build(n: number): S[] {
  let steps: S[] = [];
  for (let i = 0; i < n; i++) steps = apply(steps, placeStep(steps, `s${i}`, i));
  return steps;
}

describe('steps order', () => {
  it('sorts by position, then by id for equal positions', () => {
    const steps = [
      { id: 'b', position: 'a1' },
      { id: 'c', position: 'a0' },
      { id: 'a', position: 'a1' },
    ];
    expect(sortSteps(steps).map((s) => s.id)).toEqual(['c', 'a', 'b']);
  });

  it('appends, inserts and moves with one write each', () => {
    const steps = build(3);
    expect(ids(steps)).toEqual(['s0', 's1', 's2']);
    const first = placeStep(steps, 'new', 0);
    expect(first).toHaveLength(1);
    expect(ids(apply(steps, first))).toEqual(['new', 's0', 's1', 's2']);
    const middle = placeStep(steps, 'new', 2);
    expect(middle).toHaveLength(1);
    expect(ids(apply(steps, middle))).toEqual(['s0', 's1', 'new', 's2']);
    // A move: the index is in the list without the moved step.
    const down = placeStep(steps, 's0', 2);
    expect(down.map((p) => p.id)).toEqual(['s0']);
    expect(ids(apply(steps, down))).toEqual(['s1', 's2', 's0']);
    const up = placeStep(steps, 's2', 0);
    expect(ids(apply(steps, up))).toEqual(['s2', 's0', 's1']);
    // Out-of-range indexes clamp to the ends.
    expect(ids(apply(steps, placeStep(steps, 's1', 99)))).toEqual(['s0', 's2', 's1']);
    expect(ids(apply(steps, placeStep(steps, 's1', -3)))).toEqual(['s1', 's0', 's2']);
    for (const p of [...first, ...middle, ...down, ...up])
      expect(positionSchema.safeParse(p.position).success).toBe(true);
  });

  it('places into a gap between tied keys by giving the tied steps keys of their own', () => {
    // Two devices appended at once and wrote the same key: x and y tie, ordered by id.
    const steps: S[] = [
      { id: 'a', position: 'a0', done: false },
      { id: 'x', position: 'a1', done: false },
      { id: 'y', position: 'a1', done: false },
      { id: 'z', position: 'a2', done: false },
    ];
    const placed = placeStep(steps, 'new', 2);
    expect(ids(apply(steps, placed))).toEqual(['a', 'x', 'new', 'y', 'z']);
    expect(placed.map((p) => p.id)).toEqual(['new', 'y']);
  });

  it('renumbers the list when a key cannot be read', () => {
    const steps: S[] = [
      { id: 'a', position: 'a0', done: false },
      // Valid for the schema's pattern, not for the library (trailing zero).
      { id: 'b', position: 'a10', done: false },
    ];
    const placed = placeStep(steps, 'new', 1);
    const after = apply(steps, placed);
    expect(ids(after)).toEqual(['a', 'new', 'b']);
    expect(new Set(after.map((s) => s.position)).size).toBe(3);
  });

  it('keeps keys short and valid after many insertions in one spot', () => {
    let steps = build(2);
    for (let i = 0; i < 300; i++) steps = apply(steps, placeStep(steps, `n${i}`, 1));
    expect(steps).toHaveLength(302);
    expect(steps[0]!.id).toBe('s0');
    expect(steps[1]!.id).toBe('n299');
    expect(steps.at(-1)!.id).toBe('s1');
    for (const s of steps) expect(positionSchema.safeParse(s.position).success, s.position).toBe(true);
  });

  it('two concurrent moves of different steps both hold after merging', () => {
    fc.assert(
      fc.property(fc.integer({ min: 2, max: 8 }), fc.nat(), fc.nat(), fc.nat(), fc.nat(), (n, a, ia, b, ib) => {
        const steps = build(n);
        const movedA = steps[a % n]!.id;
        const movedB = steps[b % n]!.id;
        fc.pre(movedA !== movedB);
        // Each device moves one step on the same starting list; the merge keeps both positions (different rows).
        const pa = placeStep(steps, movedA, ia % n);
        const pb = placeStep(steps, movedB, ib % n);
        const merged = apply(apply(steps, pa), pb);
        const mergedOther = apply(apply(steps, pb), pa);
        expect(ids(merged)).toEqual(ids(mergedOther));
        expect(merged).toHaveLength(n);
        // A's step sits where A put it relative to the steps B did not move.
        const aloneA = ids(apply(steps, pa)).filter((id) => id !== movedB);
        expect(ids(merged).filter((id) => id !== movedB)).toEqual(aloneA);
      }),
    );
  });
});

describe('steps progress', () => {
  it('counts ticked steps of all, and which a next occurrence unticks', () => {
    const steps = [
      { id: 'a', position: 'a0', done: true },
      { id: 'b', position: 'a1', done: false },
      { id: 'c', position: 'a2', done: true },
    ];
    expect(stepProgress(steps)).toEqual({ done: 2, total: 3 });
    expect(stepProgress([])).toEqual({ done: 0, total: 0 });
    expect(stepsToReset(steps).map((s) => s.id)).toEqual(['a', 'c']);
  });

  it('counts per task, leaving out deleted steps and tasks without steps', () => {
    const counts = progressByTask([
      { taskId: 't1', done: true },
      { taskId: 't1', done: false },
      { taskId: 't2', done: true, deleted: true },
      { taskId: 't3', done: true },
    ]);
    expect([...counts]).toEqual([
      ['t1', { done: 1, total: 2 }],
      ['t3', { done: 1, total: 1 }],
    ]);
  });
});
