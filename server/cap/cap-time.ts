/**
 * CAP 1.2 times: `YYYY-MM-DDThh:mm:ss±hh:mm`. The schema's pattern has no fraction and no `Z`
 * (DOMAIN.md §5), so UTC is written as `+00:00`, to the second.
 */
export function formatCapTime(epochMs: number): string {
  return `${new Date(Math.floor(epochMs / 1000) * 1000).toISOString().slice(0, 19)}+00:00`;
}

/** RFC 3339 for Atom (`Z` is fine there). */
export function formatAtomTime(epochMs: number): string {
  return `${new Date(Math.floor(epochMs / 1000) * 1000).toISOString().slice(0, 19)}Z`;
}
