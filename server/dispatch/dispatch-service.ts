import { randomBytes } from 'node:crypto';
import type { FastifyBaseLogger } from 'fastify';
import type { StateDb } from '../store/state-store.ts';
import type { AuditLog } from '../store/audit-log.ts';
import type { EventBus } from '../events.ts';
import type { Village } from '../contracts/registry.ts';
import type { ContractorAction, ContractorJob, DispatchNotification, DispatchStatus, DispatchTarget, DispatchView } from '../contracts/dispatch.ts';
import { HttpError } from '../http/error-handler.ts';
import type { ContractorRegistry, ChangeContext } from '../registry/contractor-registry.ts';
import type { MachineRegistry } from '../registry/machine-registry.ts';
import { contractStanding } from '../registry/contractor-contract.ts';
import { conflict, notFound } from '../registry/machinery-errors.ts';
import { nearestVillage } from '../registry/village-lookup.ts';
import { acceptsPosition, checkTransition, contractorActions, machineStatusFor, statusForAction, type DispatchActorKind } from './dispatch-lifecycle.ts';
import { dispatchView, type DispatchQuery, type DispatchRecord, type DispatchStore } from './dispatch-store.ts';
import { signContractorLink, verifyContractorLink } from './contractor-link.ts';
import type { DispatchNotifier } from './dispatch-notifier.ts';

export interface DispatchServiceDeps {
  readonly db: StateDb;
  readonly audit: AuditLog;
  readonly bus: EventBus;
  readonly store: DispatchStore;
  readonly machines: MachineRegistry;
  readonly contractors: ContractorRegistry;
  readonly villages: readonly Village[];
  readonly notifier: DispatchNotifier;
  readonly linkKey: Buffer;
  readonly linkTtlMs: number;
  /** The server's address as contractors' phones reach it, without a trailing slash. */
  readonly publicUrl: string;
  readonly today: () => string;
  readonly language: string;
  readonly operationsPhone: string | null;
  readonly log: FastifyBaseLogger;
  readonly now: () => number;
}

export interface DispatchRequest {
  readonly machineId: string;
  readonly target: DispatchTarget;
  readonly note: string | null;
}

/**
 * Dispatches: request a machine for a target, move the dispatch along its lifecycle (officers from
 * the console, the contractor through the signed link), follow the machine's position. Each step is
 * one transaction (dispatch, machine status, audit) and then a DispatchChanged and MachineChanged.
 */
export class DispatchService {
  readonly #d: DispatchServiceDeps;
  readonly #villageNames: ReadonlyMap<string, string>;
  readonly #pending = new Set<Promise<void>>();

  constructor(deps: DispatchServiceDeps) {
    this.#d = deps;
    this.#villageNames = new Map(deps.villages.map((v) => [v.id, v.nameLocal]));
  }

  #record(id: string): DispatchRecord {
    const record = this.#d.store.get(id);
    if (!record) throw notFound('dispatch', id);
    return record;
  }

  view(id: string): DispatchView {
    return dispatchView(this.#record(id));
  }

  find(id: string): DispatchView | null {
    const record = this.#d.store.get(id);
    return record ? dispatchView(record) : null;
  }

  list(query: DispatchQuery = {}): DispatchView[] {
    return this.#d.store.list(query).map(dispatchView);
  }

  /** Records with the agreed hourly rate, for billing reports. */
  records(query: DispatchQuery = {}): DispatchRecord[] {
    return this.#d.store.list(query);
  }

  open(): DispatchView[] {
    return this.list({ open: true });
  }

  openOfMachine(machineId: string): { id: string; status: DispatchStatus } | undefined {
    return this.#d.store.openOfMachine(machineId);
  }

  openByMachine(): Map<string, { id: string; status: DispatchStatus }> {
    return this.#d.store.openByMachine();
  }

  #announce(id: string, machineId: string): void {
    this.#d.bus.emit('DispatchChanged', { dispatchId: id, dispatch: this.view(id) });
    this.#d.machines.announce(machineId);
  }

  linkUrl(dispatchId: string, expiresAt: number): string {
    return `${this.#d.publicUrl}/contractor.html#t=${signContractorLink(this.#d.linkKey, dispatchId, expiresAt)}`;
  }

  request(req: DispatchRequest, ctx: ChangeContext): DispatchView {
    const machine = this.#d.machines.get(req.machineId);
    const open = this.#d.store.openOfMachine(machine.id);
    if (open) {
      throw conflict('machine_busy', `Machine ${machine.plateOrSerial} is already on dispatch ${open.id} (${open.status.replaceAll('_', ' ')}); choose another machine.`, {
        dispatchId: open.id,
      });
    }
    if (machine.status !== 'available') {
      throw conflict('machine_unavailable', `Machine ${machine.plateOrSerial} is ${machine.status.replaceAll('_', ' ')}; choose another machine.`);
    }
    const contractor = this.#d.contractors.find(machine.contractorId);
    const standing = contractor ? contractStanding(contractor, this.#d.today()) : null;
    if (!contractor || standing?.state !== 'valid') {
      const why = !contractor ? 'has no contractor on record' : standing?.state === 'expired' ? `is on a contract that ended on ${contractor.contractEnd}` : `is on a contract that starts on ${contractor.contractStart}`;
      throw conflict('contract_not_valid', `Machine ${machine.plateOrSerial} ${why}; choose another machine.`);
    }
    const now = this.#d.now();
    const id = `d-${randomBytes(5).toString('hex')}`;
    // Reports count dispatches per village, and the contractor reads a place name: an alert without a village gets the nearest.
    const nearest = req.target.villageId === undefined ? nearestVillage(this.#d.villages, req.target.lat, req.target.lon) : null;
    const target: DispatchTarget = nearest ? { ...req.target, villageId: nearest.village.id } : req.target;
    const linkExpiresAt = now + this.#d.linkTtlMs;
    this.#d.db.transaction(() => {
      this.#d.store.insert({
        id,
        machineId: machine.id,
        machineType: machine.type,
        contractorId: contractor.id,
        hourlyRate: contractor.hourlyRates[machine.type] ?? null,
        target,
        note: req.note,
        requestedAt: now,
        requestedBy: ctx.actor,
        linkExpiresAt,
      });
      this.#d.machines.setStatusForDispatch(machine.id, machineStatusFor('requested'));
      this.#d.audit.record({
        ...ctx,
        action: 'dispatch.request',
        subjectType: 'dispatch',
        subjectId: id,
        after: { machineId: machine.id, contractorId: contractor.id, target, status: 'requested' },
        note: req.note,
      });
    })();
    this.#announce(id, machine.id);
    this.#notify(id, linkExpiresAt);
    return this.view(id);
  }

  /** A new link (fresh expiry) sent again: the contractor lost the message, or the link expired. */
  resendLink(id: string, ctx: ChangeContext): DispatchView {
    const record = this.#record(id);
    if (record.status !== 'requested' && record.status !== 'accepted' && record.status !== 'en_route' && record.status !== 'on_site') {
      throw conflict('dispatch_closed', `Dispatch ${id} is ${record.status}; there is nothing left for the contractor to do.`);
    }
    const linkExpiresAt = this.#d.now() + this.#d.linkTtlMs;
    this.#d.db.transaction(() => {
      this.#d.store.setLinkExpiry(id, linkExpiresAt, this.#d.now());
      this.#d.audit.record({ ...ctx, action: 'dispatch.resend_link', subjectType: 'dispatch', subjectId: id, after: { linkExpiresAt } });
    })();
    this.#notify(id, linkExpiresAt);
    return this.view(id);
  }

  #notify(id: string, expiresAt: number): void {
    const record = this.#record(id);
    const contractor = this.#d.contractors.find(record.contractorId);
    if (!contractor) return;
    const job = this.#d.notifier.send(record, contractor, this.linkUrl(id, expiresAt), expiresAt).then(
      (results: DispatchNotification[]) => {
        for (const n of results) this.#d.store.addNotification(id, n);
        this.#announce(id, record.machineId);
      },
      (error: unknown) => this.#d.log.error({ err: error, dispatchId: id }, 'dispatch notification failed'),
    );
    this.#pending.add(job);
    void job.finally(() => this.#pending.delete(job));
  }

  /** Resolves when every notification under way has been sent or has failed (tests, shutdown). */
  async idle(): Promise<void> {
    while (this.#pending.size > 0) await Promise.allSettled([...this.#pending]);
  }

  transition(id: string, to: DispatchStatus, note: string | null, by: DispatchActorKind, ctx: ChangeContext): DispatchView {
    const record = this.#record(id);
    // The same answer twice (a double tap, a retried request) changes nothing and is no error.
    if (record.status === to) return dispatchView(record);
    const verdict = checkTransition(record.status, to, by);
    if (!verdict.ok) throw new HttpError(409, 'invalid_transition', verdict.message, { status: record.status, allowed: verdict.allowed });
    const at = this.#d.now();
    this.#d.db.transaction(() => {
      this.#d.store.addStep(id, to, at, ctx.actor, note);
      this.#d.machines.setStatusForDispatch(record.machineId, machineStatusFor(to));
      this.#d.audit.record({
        ...ctx,
        action: `dispatch.${to}`,
        subjectType: 'dispatch',
        subjectId: id,
        before: { status: record.status },
        after: { status: to, machineStatus: machineStatusFor(to) },
        note,
      });
    })();
    this.#announce(id, record.machineId);
    return this.view(id);
  }

  contractorAction(id: string, action: ContractorAction, note: string | null, sourceIp: string | null): ContractorJob {
    this.transition(id, statusForAction(action), note, 'contractor', { actor: `contractor:${id}`, sourceIp });
    return this.contractorJob(id);
  }

  /** The contractor's phone reports where the machine is: shown live on the map, used for ETAs. */
  reportPosition(id: string, lat: number, lon: number): DispatchView {
    const record = this.#record(id);
    if (!acceptsPosition(record.status)) {
      throw conflict('position_not_expected', `Dispatch ${id} is ${record.status.replaceAll('_', ' ')}: positions are taken from acceptance until release.`);
    }
    const at = this.#d.now();
    this.#d.db.transaction(() => {
      this.#d.store.setPosition(id, lat, lon, at);
      this.#d.machines.setPosition(record.machineId, lat, lon, at);
    })();
    this.#announce(id, record.machineId);
    return this.view(id);
  }

  contractorJob(id: string): ContractorJob {
    const r = this.#record(id);
    return {
      dispatchId: r.id,
      status: r.status,
      hazard: r.target.hazard,
      description: r.target.description,
      note: r.note,
      lat: r.target.lat,
      lon: r.target.lon,
      villageName: r.target.villageId === null ? null : (this.#villageNames.get(r.target.villageId) ?? r.target.villageId),
      machine: { type: r.machineType, plateOrSerial: r.plateOrSerial },
      contractorName: r.contractorName,
      requestedAt: r.requestedAt,
      linkExpiresAt: r.linkExpiresAt,
      actions: contractorActions(r.status),
      operationsPhone: this.#d.operationsPhone,
      language: this.#d.language,
    };
  }

  /**
   * Checks a contractor's link on every call: signature (401), expiry (410), and that it is the link of
   * the dispatch in the URL (401).
   */
  verifyLink(token: string | undefined, dispatchId: string): void {
    // The operations room's number is public (it is on every contract): a contractor with a dead link can still call.
    const details = this.#d.operationsPhone === null ? undefined : { operationsPhone: this.#d.operationsPhone };
    if (token === undefined || token === '') {
      throw new HttpError(401, 'link_missing', 'This page needs the link from your message: open the link you received by SMS or e-mail.', details);
    }
    const verdict = verifyContractorLink(this.#d.linkKey, token, this.#d.now());
    if (!verdict.ok) throw new HttpError(verdict.status, verdict.code, verdict.message, details);
    if (verdict.dispatchId !== dispatchId) {
      throw new HttpError(401, 'link_invalid', 'This link belongs to another dispatch. Open the link from the message you received.', details);
    }
    if (!this.#d.store.get(dispatchId)) throw new HttpError(404, 'dispatch_not_found', `No dispatch "${dispatchId}": it may have been removed. Call the operations room.`, details);
  }
}
