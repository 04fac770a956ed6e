// The pure rules of a task's checklist: the order of its steps, where a new or moved step goes, and its progress.
//
// Order is a fractional-indexing key per step (the `fractional-indexing` library): a step placed between two
// others gets a key between theirs, so an insertion or a move writes one row and never renumbers the list, and
// two people reordering different steps at once both keep their move. Two devices that place a step in the same
// gap at the same time can compute the same key; ties are ordered by step id, so every device shows one order,
// and the next placement into a tied gap gives the tied steps keys of their own.
import { generateNKeysBetween } from 'fractional-indexing';

/** The longest position key a step may carry, and the form of one (what the library writes). */
export const POSITION_MAX = 120;
export const POSITION_PATTERN = /^[A-Za-z][0-9A-Za-z]*$/;

export interface Placed {
  id: string;
  position: string;
}

export interface StepLike extends Placed {
  done: boolean;
}

/** Steps in list order: by position (code-unit order), then by id. */
export function sortSteps<S extends Placed>(steps: readonly S[]): S[] {
  return [...steps].sort((a, b) =>
    a.position < b.position ? -1 : a.position > b.position ? 1 : a.id < b.id ? -1 : a.id > b.id ? 1 : 0,
  );
}

/** "2/5": how many steps are ticked, of how many. */
export function stepProgress(steps: readonly { done: boolean }[]): { done: number; total: number } {
  let done = 0;
  for (const step of steps) if (step.done) done += 1;
  return { done, total: steps.length };
}

/** "2/5" per task, for the live steps given (a task without steps has no entry). */
export function progressByTask(
  steps: readonly { taskId: string; done: boolean; deleted?: boolean }[],
): Map<string, { done: number; total: number }> {
  const out = new Map<string, { done: number; total: number }>();
  for (const step of steps) {
    if (step.deleted) continue;
    const counts = out.get(step.taskId) ?? { done: 0, total: 0 };
    counts.total += 1;
    if (step.done) counts.done += 1;
    out.set(step.taskId, counts);
  }
  return out;
}

const usable = (key: string) => key.length >= 2 && key.length <= POSITION_MAX && POSITION_PATTERN.test(key);

/**
 * The positions to write so that the step `id` (a new one when it is not in `steps`) sits at `index` of the list
 * without it: usually one entry, the step's own. When the gap is between tied keys, the tied steps after the gap
 * get new keys too (in their order); when a key cannot be made (a key from elsewhere the library cannot read, or
 * keys grown past POSITION_MAX after many insertions in one spot), the whole list is given fresh, short keys.
 */
export function placeStep(steps: readonly Placed[], id: string, index: number): Placed[] {
  const others = sortSteps(steps.filter((s) => s.id !== id));
  const at = Math.max(0, Math.min(Math.trunc(index), others.length));
  const before = others[at - 1]?.position ?? null;
  // The steps right after the gap that share `before`'s key must follow the placed step: they move with it.
  let end = at;
  while (before !== null && end < others.length && others[end]!.position <= before) end += 1;
  const upper = others[end]?.position ?? null;
  try {
    const keys = generateNKeysBetween(before, upper, end - at + 1);
    if (keys.every(usable)) {
      return [
        { id, position: keys[0]! },
        ...others.slice(at, end).map((s, i) => ({ id: s.id, position: keys[i + 1]! })),
      ];
    }
  } catch {
    // A malformed key: renumbered below.
  }
  const order = [...others.slice(0, at).map((s) => s.id), id, ...others.slice(at).map((s) => s.id)];
  const fresh = generateNKeysBetween(null, null, order.length);
  const current = new Map(steps.map((s) => [s.id, s.position]));
  return order.flatMap((stepId, i) => (current.get(stepId) === fresh[i] ? [] : [{ id: stepId, position: fresh[i]! }]));
}

/** The steps a completed occurrence leaves ticked: the next occurrence of a repeating task starts unticked. */
export function stepsToReset<S extends StepLike>(steps: readonly S[]): S[] {
  return steps.filter((step) => step.done);
}
