/**
 * The alert lifecycle shared by every condition kind: `for` before raising, escalation at once,
 * de-escalation only after a dwell, clearing only after the clear condition has held for a dwell.
 */
import { compareSeverity, maxSeverity } from './cap-vocabulary.ts';
import type { CapCertainty } from './cap-vocabulary.ts';
import type { Slot } from './state.ts';
import type { TransitionKind } from './types.ts';
import type { Verdict } from './verdict.ts';

export interface LifecycleTimings {
  /** The raise condition must hold this long before an alert is raised. */
  readonly forMs: number;
  /** The clear condition must hold this long before the alert resolves. */
  readonly clearDwellMs: number;
  /** A lower severity must be asked for this long before the alert goes down to it. */
  readonly deescalateDwellMs: number;
  /** The peak must move at least this far past the last reported one to cause an update (0: any move). */
  readonly peakStep: number;
}

/** Which way the peak goes: the highest water, the lowest battery, or no peak worth an update. */
export type PeakMode = 'max' | 'min' | 'none';

/**
 * Applies one verdict to a slot at time `t` and says which transition it causes, if any. On `clear`
 * the ended alert is left on the slot so the caller can describe it; the caller then calls endAlert.
 */
export function applyVerdict(
  slot: Slot,
  verdict: Verdict,
  t: number,
  timings: LifecycleTimings,
  peakMode: PeakMode,
  ruleCertainty: CapCertainty,
): TransitionKind | null {
  const alert = slot.alert;
  if (alert === null) {
    if (verdict.kind !== 'fire') {
      slot.pendingSince = null;
      return null;
    }
    slot.pendingSince ??= t;
    if (t - slot.pendingSince < timings.forMs) return null;
    slot.pendingSince = null;
    slot.alert = {
      severity: verdict.severity,
      certainty: verdict.certainty ?? ruleCertainty,
      raisedAt: t,
      value: verdict.value,
      peak: verdict.value,
      reportedPeak: verdict.value,
      lowerSince: null,
      lowerSeverity: null,
      clearSince: null,
      sensorIds: null,
    };
    return 'raise';
  }

  alert.value = verdict.value;
  if (verdict.kind === 'clear') {
    alert.clearSince ??= t;
    return t - alert.clearSince >= timings.clearDwellMs ? 'clear' : null;
  }
  alert.clearSince = null;

  let changed = false;
  if ((peakMode === 'max' && verdict.value > alert.peak) || (peakMode === 'min' && verdict.value < alert.peak)) {
    alert.peak = verdict.value;
    const moved = peakMode === 'max' ? alert.peak - alert.reportedPeak : alert.reportedPeak - alert.peak;
    if (moved > 0 && moved >= timings.peakStep) changed = true;
  }
  if (verdict.kind === 'fire' && verdict.certainty !== null && verdict.certainty !== alert.certainty) {
    alert.certainty = verdict.certainty;
    changed = true;
  }

  const order = compareSeverity(verdict.severity, alert.severity);
  if (order > 0 && verdict.kind === 'fire') {
    alert.severity = verdict.severity;
    alert.lowerSince = null;
    alert.lowerSeverity = null;
    changed = true;
  } else if (order < 0) {
    if (alert.lowerSince === null || alert.lowerSeverity === null) {
      alert.lowerSince = t;
      alert.lowerSeverity = verdict.severity;
    } else {
      alert.lowerSeverity = maxSeverity(alert.lowerSeverity, verdict.severity);
    }
    if (t - alert.lowerSince >= timings.deescalateDwellMs) {
      alert.severity = alert.lowerSeverity;
      alert.lowerSince = null;
      alert.lowerSeverity = null;
      changed = true;
    }
  } else {
    // The alert's severity is asked for again: any de-escalation dwell starts over.
    alert.lowerSince = null;
    alert.lowerSeverity = null;
  }
  if (!changed) return null;
  alert.reportedPeak = alert.peak;
  return 'update';
}

/** Forgets the alert after its clear transition has been described. */
export function endAlert(slot: Slot): void {
  slot.alert = null;
  slot.pendingSince = null;
}
