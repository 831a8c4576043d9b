/**
 * The alerts feature wired once: rule files → engine → alert service → notifications and CAP. The
 * composition root calls createAlerts, subscribes the live hub to AlertChanged, and calls close()
 * before the state store closes (the engine state is saved last, with everything it depends on).
 */
import { join } from 'node:path';
import type { FastifyBaseLogger } from 'fastify';
import { timeZoneOffset } from '../../rules/index.ts';
import type { Config } from '../config.ts';
import type { DispatchTarget } from '../contracts/dispatch.ts';
import { DISPATCH_HAZARDS, type DispatchHazard } from '../contracts/machinery.ts';
import type { RegionInfo, Village } from '../contracts/registry.ts';
import type { EventBus } from '../events.ts';
import type { SensorRegistry } from '../registry/sensor-registry.ts';
import type { AuditLog } from '../store/audit-log.ts';
import type { StateDb } from '../store/state-store.ts';
import type { EmailSender } from '../notify/email-sender.ts';
import { EmailNotifier } from '../notify/email-notifier.ts';
import type { Notifier } from '../notify/notifier.ts';
import { DEFAULT_RETRY_POLICY, type RetryPolicy } from '../notify/retry-backoff.ts';
import { WebhookNotifier } from '../notify/webhook-notifier.ts';
import { bboxCircle, boundaryPolygons } from '../cap/cap-area.ts';
import type { CapContext } from '../cap/cap-alert.ts';
import { CapPublisher } from '../cap/cap-publisher.ts';
import { CapStore } from '../cap/cap-store.ts';
import type { CapStatus } from '../cap/cap-message.ts';
import { AlertNotifications } from './alert-notifications.ts';
import { AlertService } from './alert-service.ts';
import { AlertStore } from './alert-store.ts';
import { EngineStateFile } from './engine-state-file.ts';
import { engineStateJson } from './engine-state-json.ts';
import { NotificationStore } from './notification-store.ts';
import { RuleEngineHost } from './rule-engine-host.ts';
import { RuleSetArchive } from './rule-set-archive.ts';
import { RuleSetSource } from './rule-set-source.ts';

/** Silence and expiring fire detections are decided on this tick. */
export const RULE_TICK_MS = 10_000;
/** Escalation is checked this often, or more often when an escalation step is shorter (tests, drills). */
const ESCALATION_CHECK_MS = 5_000;

export interface AlertsDeps {
  readonly config: Config;
  readonly db: StateDb;
  readonly audit: AuditLog;
  readonly bus: EventBus;
  readonly registry: SensorRegistry;
  readonly region: {
    readonly info: RegionInfo;
    readonly villages: readonly Village[];
    readonly boundary: GeoJSON.FeatureCollection | null;
    readonly bbox: readonly [number, number, number, number];
  };
  /** The shared e-mail port (SMTP, or the log without SMTP_URL). */
  readonly email: EmailSender;
  readonly log: FastifyBaseLogger;
  readonly now: () => number;
  /** Adapters chosen by the caller (tests); by default webhook and e-mail. */
  readonly notifiers?: readonly Notifier[];
  readonly retry?: RetryPolicy;
}

export interface Alerts {
  readonly service: AlertService;
  readonly engine: RuleEngineHost;
  readonly rules: RuleSetSource;
  readonly notifications: AlertNotifications;
  readonly cap: CapStore;
  readonly capContext: CapContext;
  /** The highest severity of the sensor's open alerts, for the map. */
  alertSeverity(sensorId: string): string | null;
  /** An open alert as a place to send machinery; null when closed or not a machinery hazard. */
  dispatchTarget(id: string): DispatchTarget | null;
  /** Saves the engine state now (in the background). */
  saveState(): Promise<void>;
  /** Stops timers and watching, ends notification retries, saves the engine state. Before the db closes. */
  close(): Promise<void>;
}

function capSender(config: Config, regionId: string): string {
  if (config.CAP_SENDER !== undefined) return config.CAP_SENDER;
  const host = config.PUBLIC_URL === undefined ? `${regionId}.skopia.invalid` : new URL(config.PUBLIC_URL).hostname;
  return `skopia@${host}`;
}

function isDispatchHazard(h: string): h is DispatchHazard {
  return (DISPATCH_HAZARDS as readonly string[]).includes(h);
}

export async function createAlerts(deps: AlertsDeps): Promise<Alerts> {
  const { config, db, audit, bus, registry, region, log, now } = deps;
  const villages = new Map(region.villages.map((v) => [v.id, v]));
  const [w, s, e, n] = region.bbox;

  const rules = new RuleSetSource({
    dir: config.RULES_DIR,
    archive: new RuleSetArchive(db),
    pollMs: config.RULES_POLL_SECONDS * 1000,
    now,
    log,
    onChange: (next) => reload(next),
  });
  const initialRules = await rules.initial();

  const stateFile = new EngineStateFile(join(config.DATA_DIR, 'rule-engine-state.json'));
  const persisted = stateFile.load();
  if (persisted.problem !== null) log.error(persisted.problem);

  let service: AlertService | null = null;
  const engine = new RuleEngineHost(
    initialRules,
    persisted.state,
    {
      sensor: (id) => registry.sensor(id),
      sensors: [...registry.sensors()],
      localTime: timeZoneOffset(region.info.timezone),
      now,
      onTransitions: (ts) => service?.applyTransitions(ts),
    },
    (problems) => log.warn({ problems }, 'rule engine state restored with problems; the parts listed start over'),
  );

  const notificationLog = new NotificationStore(db);
  const interrupted = notificationLog.failInterrupted(now());
  if (interrupted > 0) log.warn(`${interrupted} alert notification(s) were still being sent when the server stopped; they are marked failed`);
  const publicUrl = config.PUBLIC_URL;
  const notifications = new AlertNotifications({
    store: notificationLog,
    recipients: [config.ALERT_NOTIFY_LEVEL_0, config.ALERT_NOTIFY_LEVEL_1, config.ALERT_NOTIFY_LEVEL_2],
    notifiers: deps.notifiers ?? [new WebhookNotifier({ timeoutMs: config.NOTIFY_WEBHOOK_TIMEOUT_MS }), new EmailNotifier(deps.email)],
    retry: deps.retry ?? { ...DEFAULT_RETRY_POLICY, attempts: config.NOTIFY_RETRY_ATTEMPTS, baseDelayMs: config.NOTIFY_RETRY_BASE_MS },
    now,
    log,
    onChange: (alertId) => service?.notificationChanged(alertId),
    linkFor: (id) => (publicUrl === undefined ? null : `${publicUrl}/#alert=${id}`),
  });

  service = new AlertService({
    store: new AlertStore(db),
    notificationLog,
    audit,
    bus,
    places: {
      sensor: (id) => registry.sensor(id),
      gateway: (id) => registry.gateway(id),
      sensorsOfGateway: (id) => registry.sensorsOfGateway(id),
      village: (id) => villages.get(id),
      fallback: { lat: (s + n) / 2, lon: (w + e) / 2 },
    },
    notifications,
    afterMinutes: config.ALERT_ESCALATION_MINUTES,
    log,
    now,
  });

  const cap = new CapStore(db);
  const sender = capSender(config, region.info.id);
  const status: CapStatus = config.CAP_STATUS ?? (config.SIMULATOR ? 'Exercise' : 'Actual');
  const capContext: CapContext = {
    sender,
    status,
    language: 'en',
    senderName: region.info.name,
    municipality: { name: region.info.name, polygons: boundaryPolygons(region.boundary), fallbackCircle: bboxCircle(region.bbox) },
    villageName: (id) => villages.get(id)?.name ?? null,
    conditionKindOf: (ruleId) => engine.rules.find((r) => r.id === ruleId)?.condition.kind ?? null,
    webFor: (id) => (publicUrl === undefined ? undefined : `${publicUrl}/cap/alerts/${id}.xml`),
    identifierFor: (alertId, seq) => `skopia-${region.info.id}-${alertId}-${seq}`,
  };
  const publisher = new CapPublisher({ store: cap, context: capContext, now, log });
  // Before anything can change an alert (the reconcile below included), so every change is published.
  bus.on('AlertChanged', ({ alert, change }) => publisher.onAlertChanged(alert, change));

  const alertService = service;
  const closedAtBoot = alertService.reconcile(engine);
  if (closedAtBoot > 0) log.warn(`${closedAtBoot} open alert(s) closed at start: their rule is gone or the engine no longer holds them`);

  function reload(next: Parameters<RuleEngineHost['replaceRules']>[0]): void {
    const problems = engine.replaceRules(next);
    if (problems.length > 0) log.info({ problems }, 'rule state carried over to the new rule set, with these parts dropped');
    const closed = alertService.reconcile(engine);
    if (closed > 0) log.info(`${closed} open alert(s) closed: their rule left the rule set`);
  }

  // The hot path: a reading goes through the engine synchronously, transitions become alerts at once.
  bus.on('ReadingAccepted', (reading) => engine.evaluate(reading));

  const tick = setInterval(() => engine.tick(), RULE_TICK_MS);
  tick.unref();
  engine.tick();
  const shortestStepMs = Math.min(...Object.values(config.ALERT_ESCALATION_MINUTES)) * 60_000;
  const escalation = setInterval(() => alertService.escalateDue(), Math.max(50, Math.min(ESCALATION_CHECK_MS, shortestStepMs / 4)));
  escalation.unref();
  // Catches up at once with what was due while the server was down.
  alertService.escalateDue();
  // Serialised in slices between readings, written in the background: the hot path never waits for it.
  let saving: Promise<void> | null = null;
  const saveState = (): Promise<void> =>
    (saving ??= engineStateJson(engine.state)
      .then((json) => stateFile.save(json))
      .catch((error: unknown) => log.error({ err: error }, `saving the rule engine state to ${stateFile.path} failed`))
      .finally(() => {
        saving = null;
      }));
  const saver = setInterval(() => void saveState(), config.RULE_STATE_SAVE_SECONDS * 1000);
  saver.unref();
  rules.start();

  let closed = false;
  return {
    service: alertService,
    engine,
    rules,
    notifications,
    cap,
    capContext,
    alertSeverity: (sensorId) => alertService.severityOf(sensorId),
    dispatchTarget(id) {
      const a = alertService.get(id);
      if (a === null || a.state === 'resolved' || !isDispatchHazard(a.hazard)) return null;
      return {
        kind: 'alert',
        id: a.id,
        hazard: a.hazard,
        lat: a.lat,
        lon: a.lon,
        ...(a.villageId !== null ? { villageId: a.villageId } : {}),
        description: `${a.ruleName} – ${a.subjectName}`,
        createdAt: a.raisedAt,
      };
    },
    saveState,
    async close() {
      if (closed) return;
      closed = true;
      clearInterval(tick);
      clearInterval(escalation);
      clearInterval(saver);
      rules.close();
      await notifications.close();
      await saving;
      try {
        await stateFile.saveFinal(engine.serialize());
      } catch (error) {
        log.error({ err: error }, `saving the rule engine state to ${stateFile.path} at shutdown failed`);
      }
    },
  };
}
