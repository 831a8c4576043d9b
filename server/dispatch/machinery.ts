import type { FastifyBaseLogger } from 'fastify';
import type { Config } from '../config.ts';
import type { StateDb } from '../store/state-store.ts';
import type { AuditLog } from '../store/audit-log.ts';
import type { EventBus } from '../events.ts';
import type { RegionInfo, Village } from '../contracts/registry.ts';
import type { CoverageReport, DispatchPoint, RankedMachine } from '../contracts/dispatch.ts';
import { ContractorStore } from '../registry/contractor-store.ts';
import { MachineStore } from '../registry/machine-store.ts';
import { ContractorRegistry } from '../registry/contractor-registry.ts';
import { MachineRegistry } from '../registry/machine-registry.ts';
import { localDate } from '../registry/contractor-contract.ts';
import { computeCoverage } from '../registry/coverage.ts';
import { nearestVillage } from '../registry/village-lookup.ts';
import { LoggingSmsSender, type SmsSender } from '../notify/sms-sender.ts';
import { HttpSmsSender } from '../notify/sms-http.ts';
import { LoggingEmailSender, SmtpEmailSender, type EmailSender } from '../notify/email-sender.ts';
import { DispatchStore } from './dispatch-store.ts';
import { DispatchService } from './dispatch-service.ts';
import { DispatchNotifier } from './dispatch-notifier.ts';
import { DispatchTargets } from './dispatch-targets.ts';
import { Incidents } from './incidents.ts';
import { loadOrCreateLinkKey } from './contractor-link-key.ts';
import { languageOfCountry } from './dispatch-message.ts';
import { rankMachinesForDispatch } from './rank-machines.ts';

export interface MachineryDeps {
  readonly config: Config;
  readonly db: StateDb;
  readonly audit: AuditLog;
  readonly bus: EventBus;
  readonly info: RegionInfo;
  readonly villages: readonly Village[];
  readonly log: FastifyBaseLogger;
  readonly now: () => number;
  /** Adapters chosen by the caller (tests); by default from config. */
  readonly sms?: SmsSender;
  readonly email?: EmailSender;
}

/** Contractors, machines, incidents and dispatch: the services of DOMAIN.md §6, wired once. */
export interface Machinery {
  readonly contractors: ContractorRegistry;
  readonly machines: MachineRegistry;
  readonly incidents: Incidents;
  readonly dispatch: DispatchService;
  /** Where the alerts service registers `alert` targets. */
  readonly targets: DispatchTargets;
  readonly sms: SmsSender;
  readonly email: EmailSender;
  readonly villages: readonly Village[];
  /** ISO 4217 code of hourly rates and amounts. */
  readonly currency: string;
  /** The region's local date now, YYYY-MM-DD: what contract validity is judged on. */
  today(): string;
  coverage(): CoverageReport;
  suggestions(point: DispatchPoint): RankedMachine[];
}

function smsSender(config: Config, log: FastifyBaseLogger): SmsSender {
  if (config.SMS_GATEWAY === 'http' && config.SMS_GATEWAY_URL !== undefined) {
    return new HttpSmsSender({ url: config.SMS_GATEWAY_URL, token: config.SMS_GATEWAY_TOKEN, sender: config.SMS_SENDER });
  }
  return new LoggingSmsSender(log);
}

function emailSender(config: Config, log: FastifyBaseLogger): EmailSender {
  if (config.SMTP_URL !== undefined && config.SMTP_FROM !== undefined) return new SmtpEmailSender({ url: config.SMTP_URL, from: config.SMTP_FROM });
  return new LoggingEmailSender(log);
}

/** A machine at work this close to a village is still there for it: the village is where it goes. */
const SAME_VILLAGE_KM = 5;

function withVillage(point: DispatchPoint, villages: readonly Village[]): DispatchPoint {
  if (point.villageId !== undefined) return point;
  const nearest = nearestVillage(villages, point.lat, point.lon);
  return nearest && nearest.km <= SAME_VILLAGE_KM ? { ...point, villageId: nearest.village.id } : point;
}

export function createMachinery(deps: MachineryDeps): Machinery {
  const { config, db, audit, bus, villages, now } = deps;
  const timeZone = deps.info.timezone;
  const today = () => localDate(now(), timeZone);
  const contractorStore = new ContractorStore(db);
  const machineStore = new MachineStore(db, villages);
  const dispatchStore = new DispatchStore(db);
  const machines = new MachineRegistry({
    db,
    store: machineStore,
    contractors: contractorStore,
    audit,
    bus,
    villageIds: villages.map((v) => v.id),
    openDispatchOf: (id) => dispatchStore.openOfMachine(id),
    now,
  });
  const contractors = new ContractorRegistry({
    db,
    store: contractorStore,
    audit,
    country: deps.info.country,
    machineCount: (id) => machineStore.countOfContractor(id),
    onChanged: (id) => machines.announceContractor(id),
    now,
  });
  const sms = deps.sms ?? smsSender(config, deps.log);
  const email = deps.email ?? emailSender(config, deps.log);
  const language = languageOfCountry(deps.info.country);
  const operationsPhone = config.OPERATIONS_PHONE?.replace(/[\s().-]/g, '') ?? null;
  const notifier = new DispatchNotifier({ sms, email, villages, language, timeZone, operationsPhone, now });
  const incidents = new Incidents(db, audit, villages, now);
  const targets = new DispatchTargets();
  targets.register('incident', (id) => incidents.target(id));
  const publicUrl = config.PUBLIC_URL ?? `http://${config.HTTP_HOST === '0.0.0.0' ? 'localhost' : config.HTTP_HOST}:${config.HTTP_PORT}`;
  const dispatch = new DispatchService({
    db,
    audit,
    bus,
    store: dispatchStore,
    machines,
    contractors,
    villages,
    notifier,
    linkKey: loadOrCreateLinkKey(db, now),
    linkTtlMs: config.CONTRACTOR_LINK_TTL_HOURS * 3_600_000,
    publicUrl,
    today,
    language,
    operationsPhone,
    log: deps.log,
    now,
  });

  const coverageInputs = () => ({
    villages,
    machines: machines.list(),
    contractors: contractorStore.byIdMap(),
    today: today(),
    radiusKm: config.COVERAGE_RADIUS_KM,
  });
  return {
    contractors,
    machines,
    incidents,
    dispatch,
    targets,
    sms,
    email,
    villages,
    currency: deps.info.country.toUpperCase() === 'PL' ? 'PLN' : 'EUR',
    today,
    coverage: () => computeCoverage(coverageInputs()),
    suggestions: (point) =>
      rankMachinesForDispatch(
        withVillage(point, villages),
        { villages, machines: machines.list(), contractors: contractorStore.byIdMap(), openDispatches: dispatchStore.openByMachine() },
        {
          now: now(),
          today: today(),
          roadFactor: config.DISPATCH_ROAD_FACTOR,
          speedKmh: config.DISPATCH_SPEED_KMH,
          coverageRadiusKm: config.COVERAGE_RADIUS_KM,
        },
      ),
  };
}
