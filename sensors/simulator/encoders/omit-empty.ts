type Json = string | number | boolean | null | undefined | Json[] | { [key: string]: Json };

/**
 * Protobuf JSON leaves out fields at their default value: The Things Stack and ChirpStack omit empty
 * strings, 0, false, empty lists and empty objects. Keys in `keep` are user data (decoded payloads) and
 * are copied as they are.
 */
export function omitEmpty<T extends Record<string, Json>>(message: T, keep: ReadonlySet<string>): Partial<T> {
  return prune(message, keep) as Partial<T>;
}

function prune(value: Json, keep: ReadonlySet<string>): Json {
  if (Array.isArray(value)) {
    const items = value.map((v) => prune(v, keep)).filter((v) => !isEmpty(v));
    return items;
  }
  if (value !== null && typeof value === 'object') {
    const out: { [key: string]: Json } = {};
    for (const [key, v] of Object.entries(value)) {
      const pruned = keep.has(key) ? v : prune(v, keep);
      if (!keep.has(key) && isEmpty(pruned)) continue;
      out[key] = pruned;
    }
    return out;
  }
  return value;
}

function isEmpty(value: Json): boolean {
  if (value === undefined || value === null || value === '' || value === 0 || value === false) return true;
  if (Array.isArray(value)) return value.length === 0;
  if (typeof value === 'object') return Object.keys(value).length === 0;
  return false;
}
