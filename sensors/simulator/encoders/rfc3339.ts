/**
 * Network servers stamp uplinks with nanosecond RFC 3339 times: The Things Stack with `Z`, ChirpStack
 * with `+00:00`. Our clock has milliseconds; `subMillisecondNs` (0–999 999) fills the rest.
 */
export function rfc3339Nanos(epochMs: number, subMillisecondNs: number, zone: 'Z' | '+00:00'): string {
  const iso = new Date(epochMs).toISOString(); // 2024-09-16T10:00:00.123Z
  const ns = Math.max(0, Math.min(999_999, Math.floor(subMillisecondNs))).toString().padStart(6, '0');
  return `${iso.slice(0, -1)}${ns}${zone}`;
}
