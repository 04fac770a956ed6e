// Which project a capture belongs to: the projects' URL rules first, then what earlier captures from the
// same site taught us.
import { canonicalUrl } from '@@/shared/url';
import type { WaypointDb } from '../db/database';
import { liveProjects, projectsMatchingUrl } from '../db/queries';
import type { ProjectRow } from '../db/rows';

export interface ProjectSuggestion {
  project: ProjectRow;
  reason: 'rule' | 'learned';
  /** For a learned suggestion: how many earlier captures from this site went to the project. */
  captures?: number;
}

/** Earlier captures from a site are only a hint once they agree this much. */
const LEARNED_MIN = 2;
const LEARNED_SHARE = 0.6;

function originOf(url: string): string | null {
  try {
    return `${new URL(canonicalUrl(url)).origin}/`;
  } catch {
    return null;
  }
}

/** Projects for a page, best first: every URL-rule match, then the project most captures from its site went to. */
export async function suggestProjects(db: WaypointDb, url: string): Promise<ProjectSuggestion[]> {
  const suggestions: ProjectSuggestion[] = (await projectsMatchingUrl(db, url)).map((project) => ({
    project,
    reason: 'rule',
  }));
  const origin = originOf(url);
  if (!origin) return suggestions;
  // Canonical source URLs sort by origin, so a prefix range over the index finds the site's captures.
  const fromSite = await db.tasks.where('sourceKey').startsWith(origin).limit(500).toArray();
  const counts = new Map<string, number>();
  for (const task of fromSite) if (task.projectId) counts.set(task.projectId, (counts.get(task.projectId) ?? 0) + 1);
  const [best] = [...counts].sort((a, b) => b[1] - a[1]);
  if (
    best &&
    best[1] >= LEARNED_MIN &&
    best[1] / fromSite.length >= LEARNED_SHARE &&
    !suggestions.some((s) => s.project.id === best[0])
  ) {
    const project = (await liveProjects(db)).find((p) => p.id === best[0]);
    if (project && project.status !== 'done' && project.status !== 'cancelled')
      suggestions.push({ project, reason: 'learned', captures: best[1] });
  }
  return suggestions;
}
