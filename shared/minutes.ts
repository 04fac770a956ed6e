// Durations in minutes as people read them. Its own module (no zod, no HLC) so the popup's first paint can use it.

/** "45m", "2h", "3h 30m", "" for 0. */
export function formatMinutes(minutes: number): string {
  if (!minutes) return '';
  const hours = Math.floor(minutes / 60);
  const rest = minutes % 60;
  if (!hours) return `${rest}m`;
  return rest ? `${hours}h ${rest}m` : `${hours}h`;
}
