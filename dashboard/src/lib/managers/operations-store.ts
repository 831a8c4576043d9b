import type { AlertView } from '../../../../server/contracts/alerts.ts';
import { OPEN_DISPATCH_STATUSES, type DispatchStatus, type DispatchView } from '../../../../server/contracts/dispatch.ts';
import type { MachineView } from '../../../../server/contracts/machinery.ts';
import { severityRank } from './sensor-status.ts';

/** What changed since the last drain; null for a collection that did not change. */
export interface OperationsChanges {
  /** Every open alert, most urgent first. */
  readonly alerts: readonly AlertView[] | null;
  /** Alerts that need attention anew: just raised, gone up in severity, or back to firing. */
  readonly raised: readonly AlertView[];
  readonly machines: readonly MachineView[] | null;
  /** Every open dispatch, newest first. */
  readonly dispatches: readonly DispatchView[] | null;
  /** Each dispatch that changed since the last drain, closed ones too (to follow one to its end). */
  readonly changedDispatches: readonly DispatchView[];
}

export interface OperationsSnapshot {
  readonly alerts?: readonly AlertView[] | undefined;
  readonly machines?: readonly MachineView[] | undefined;
  readonly dispatches?: readonly DispatchView[] | undefined;
}

const OPEN_DISPATCH: ReadonlySet<DispatchStatus> = new Set(OPEN_DISPATCH_STATUSES);

/** Most urgent first: severity, then unacknowledged before acknowledged, then the newest. */
export function compareAlertUrgency(a: AlertView, b: AlertView): number {
  return (
    severityRank(b.severity) - severityRank(a.severity) ||
    Number(b.state === 'firing') - Number(a.state === 'firing') ||
    b.raisedAt - a.raisedAt ||
    a.id.localeCompare(b.id)
  );
}

/**
 * Open alerts, machines and open dispatches, as the live stream tells them: a few hundred records at
 * most, so plain Maps republished whole on change. Remembers what each alert looked like when last
 * drained, to tell a wall screen which alerts are news (never on the page's very first snapshot).
 */
export class OperationsStore {
  readonly #alerts = new Map<string, AlertView>();
  readonly #machines = new Map<string, MachineView>();
  readonly #dispatches = new Map<string, DispatchView>();
  /** Alert id → severity rank and whether it was firing, as of the last drain. */
  readonly #seen = new Map<string, { readonly rank: number; readonly firing: boolean }>();
  readonly #changedDispatches = new Map<string, DispatchView>();
  #alertsDirty = false;
  #machinesDirty = false;
  #dispatchesDirty = false;
  #primed = false;

  get alertCount(): number {
    return this.#alerts.size;
  }

  alert(id: string): AlertView | undefined {
    return this.#alerts.get(id);
  }

  machine(id: string): MachineView | undefined {
    return this.#machines.get(id);
  }

  /** A snapshot replaces everything it carries (an older server may carry no machines at all). */
  replaceAll(snapshot: OperationsSnapshot): void {
    this.#alerts.clear();
    for (const alert of snapshot.alerts ?? []) if (alert.state !== 'resolved') this.#alerts.set(alert.id, alert);
    this.#machines.clear();
    for (const machine of snapshot.machines ?? []) this.#machines.set(machine.id, machine);
    this.#dispatches.clear();
    this.#changedDispatches.clear();
    for (const dispatch of snapshot.dispatches ?? []) if (OPEN_DISPATCH.has(dispatch.status)) this.#dispatches.set(dispatch.id, dispatch);
    this.#alertsDirty = this.#machinesDirty = this.#dispatchesDirty = true;
  }

  /** A resolved alert leaves the open set. */
  upsertAlert(alert: AlertView): void {
    if (alert.state === 'resolved') this.#alerts.delete(alert.id);
    else this.#alerts.set(alert.id, alert);
    this.#alertsDirty = true;
  }

  /** `machine` null: deleted from the registry. */
  upsertMachine(id: string, machine: MachineView | null): void {
    if (machine === null) this.#machines.delete(id);
    else this.#machines.set(id, machine);
    this.#machinesDirty = true;
  }

  /** A declined, released or cancelled dispatch leaves the open set. */
  upsertDispatch(id: string, dispatch: DispatchView): void {
    if (OPEN_DISPATCH.has(dispatch.status)) this.#dispatches.set(id, dispatch);
    else this.#dispatches.delete(id);
    this.#changedDispatches.set(id, dispatch);
    this.#dispatchesDirty = true;
  }

  drain(): OperationsChanges {
    let alerts: AlertView[] | null = null;
    const raised: AlertView[] = [];
    if (this.#alertsDirty) {
      alerts = [...this.#alerts.values()].sort(compareAlertUrgency);
      for (const alert of alerts) {
        const before = this.#seen.get(alert.id);
        const now = { rank: severityRank(alert.severity), firing: alert.state === 'firing' };
        const news = before === undefined || now.rank > before.rank || (now.firing && !before.firing);
        if (news && this.#primed) raised.push(alert);
        this.#seen.set(alert.id, now);
      }
      for (const id of this.#seen.keys()) if (!this.#alerts.has(id)) this.#seen.delete(id);
      this.#primed = true;
    }
    const changes: OperationsChanges = {
      alerts,
      raised,
      machines: this.#machinesDirty ? [...this.#machines.values()] : null,
      dispatches: this.#dispatchesDirty ? [...this.#dispatches.values()].sort((a, b) => b.requestedAt - a.requestedAt) : null,
      changedDispatches: [...this.#changedDispatches.values()],
    };
    this.#changedDispatches.clear();
    this.#alertsDirty = this.#machinesDirty = this.#dispatchesDirty = false;
    return changes;
  }
}
