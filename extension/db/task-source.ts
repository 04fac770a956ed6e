// A task's way back to its source and the excerpt this device may show. Its own module (no zod, no registry of
// synced tables) so the popup's first paint can render a row without loading them.
import { safeHref } from '@@/shared/safe-url';
import type { TaskRow } from './rows';

/** The way back to a task's source: to the quote itself when there is one (shared or kept on this device). */
export function taskSourceHref(task: TaskRow): string | null {
  if (!task.source) return null;
  // Only http(s) becomes a link (shared/safe-url.ts): a javascript: or data: URL from a teammate stays text.
  return safeHref(task.source.fragmentUrl ?? task.privateFragmentUrl ?? task.source.url);
}

/** The captured excerpt this device may show: the shared one, or the one kept private here. */
export function taskExcerpt(task: TaskRow): { text: string; private: boolean } | null {
  if (task.source?.excerpt) return { text: task.source.excerpt, private: false };
  if (task.privateExcerpt) return { text: task.privateExcerpt, private: true };
  return null;
}
