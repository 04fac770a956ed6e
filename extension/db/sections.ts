// The popup's sections of my tasks. Its own module (no Dexie, no zod) so the popup's first paint can use it.
import type { TaskRow } from './rows';

export const SECTION_IDS = ['overdue', 'today', 'upcoming', 'none', 'doneToday'] as const;
export type SectionId = (typeof SECTION_IDS)[number];

export interface TaskSection {
  id: SectionId;
  /** The first `limit` tasks of the section, in due order. */
  tasks: TaskRow[];
}

export type SectionTotals = Record<SectionId, number>;
