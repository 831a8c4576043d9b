/** CAP 1.2 severity, urgency and certainty (DOMAIN.md §4–§5); `Unknown` is left out because rules always know. */

export const CAP_SEVERITIES = ['Minor', 'Moderate', 'Severe', 'Extreme'] as const;
export type CapSeverity = (typeof CAP_SEVERITIES)[number];

export const CAP_URGENCIES = ['Immediate', 'Expected', 'Future', 'Past'] as const;
export type CapUrgency = (typeof CAP_URGENCIES)[number];

export const CAP_CERTAINTIES = ['Observed', 'Likely', 'Possible', 'Unlikely'] as const;
export type CapCertainty = (typeof CAP_CERTAINTIES)[number];

const SEVERITY_RANK: Readonly<Record<CapSeverity, number>> = { Minor: 1, Moderate: 2, Severe: 3, Extreme: 4 };

/** Positive when `a` is more severe than `b`. */
export function compareSeverity(a: CapSeverity, b: CapSeverity): number {
  return SEVERITY_RANK[a] - SEVERITY_RANK[b];
}

export function maxSeverity(a: CapSeverity, b: CapSeverity): CapSeverity {
  return SEVERITY_RANK[a] >= SEVERITY_RANK[b] ? a : b;
}
