import { fileURLToPath } from 'node:url';
import { join } from 'node:path';
import { mkdirSync } from 'node:fs';
import Fastify, { type FastifyInstance, type FastifyServerOptions } from 'fastify';
import websocket from '@fastify/websocket';
import { serializerCompiler, validatorCompiler } from 'fastify-type-provider-zod';
import type { Config } from './config.ts';
import { SkopiaError } from './errors.ts';
import type { RegionView } from './contracts/registry.ts';
import { EventBus } from './events.ts';
import { startEmbeddedBroker, type EmbeddedBroker } from './broker/embedded-broker.ts';
import { brokerPolicy, INTERNAL_USERNAME } from './broker/broker-policy.ts';
import { GatewayCredentials } from './broker/gateway-credentials.ts';
import { generatePassword } from './broker/password-hash.ts';
import { openStateStore, type StateDb } from './store/state-store.ts';
import { AuditLog } from './store/audit-log.ts';
import { IngestPipeline, type IngestOutcome } from './ingest/ingest-pipeline.ts';
import { FlowControl } from './ingest/flow-control.ts';
import { MqttIngest, redact } from './ingest/mqtt-ingest.ts';
import { loadRegionFiles, regionBbox } from './registry/region-files.ts';
import { SensorRegistry } from './registry/sensor-registry.ts';
import { LatestValues } from './telemetry/latest-values.ts';
import { SensorHealthTracker } from './telemetry/sensor-health.ts';
import type { TelemetryStore } from './telemetry/telemetry-store.ts';
import type { TelemetryLogger } from './telemetry/telemetry-logger.ts';
import { StoreLatencyProbe } from './telemetry/store-latency.ts';
import { SqliteTelemetryStore } from './telemetry/sqlite-telemetry-store.ts';
import { InfluxTelemetryStore } from './telemetry/influx-telemetry-store.ts';
import { LiveHub } from './live/live-hub.ts';
import { allSensorViews, sensorView, type SensorViewSources } from './live/sensor-views.ts';
import { registerErrorHandling } from './http/error-handler.ts';
import { healthRoutes, type HealthReport } from './http/health-routes.ts';
import { regionRoutes } from './http/region-routes.ts';
import { sensorRoutes } from './http/sensor-routes.ts';
import { dashboardStatic } from './http/dashboard-static.ts';
import { Accounts } from './accounts/accounts.ts';
import { registerAuth, credentialOf } from './http/auth-plugin.ts';
import { loggerOptions } from './http/auth-log-redaction.ts';
import { registerSecurityHeaders } from './http/security-headers.ts';
import { registerCors } from './http/cors-routes.ts';
import { authRoutes } from './http/auth-routes.ts';
import { userRoutes } from './http/user-routes.ts';
import { kioskTokenRoutes } from './http/kiosk-token-routes.ts';
import { apiTokenRoutes } from './http/api-token-routes.ts';
import { gatewayRoutes } from './http/gateway-routes.ts';
import { auditRoutes } from './http/audit-routes.ts';
import { createMachinery, type Machinery } from './dispatch/machinery.ts';
import { seedMachineryIfEmpty } from './registry/machinery-seed.ts';
import { createAlerts, type Alerts } from './alerts/alerts.ts';
import { alertRoutes } from './http/alert-routes.ts';
import { ruleRoutes } from './http/rule-routes.ts';
import { capRoutes } from './http/cap-routes.ts';
import { registryRoutes } from './http/registry-routes.ts';
import { dispatchRoutes } from './http/dispatch-routes.ts';
import { incidentRoutes } from './http/incident-routes.ts';
import { contractorRoutes } from './http/contractor-routes.ts';
import { reportRoutes } from './http/report-routes.ts';
import { metricsRoutes } from './http/metrics-routes.ts';
import { collectMetrics } from './metrics/metrics-collector.ts';
import { NotificationOutcomes } from './metrics/notification-outcomes.ts';
import { ProcessMetrics } from './metrics/process-metrics.ts';
import { Canary } from './canary/canary.ts';
import { assertNoCanaryClash, CANARY_SENSOR_ID, canaryRegistry, canaryTopic } from './canary/canary-ids.ts';
import { CanaryLiveHook } from './canary/canary-live-hook.ts';
import { CanaryAwarePipeline } from './canary/canary-pipeline.ts';
import { MISSING_ROUNDS } from './canary/canary-verdict.ts';
import { removeServerLock, writeServerLock } from './backup/server-lock.ts';
import { SKOPIA_VERSION } from './version.ts';

const ROOT = fileURLToPath(new URL('..', import.meta.url));

export interface BuildOptions {
  readonly logger?: FastifyServerOptions['logger'];
  readonly now?: () => number;
  /** Where the built dashboard is; defaults to dashboard/dist. */
  readonly dashboardDir?: string;
}

/** The running parts, for /health, tests and the shutdown sequence. */
export interface Skopia {
  readonly config: Config;
  readonly registry: SensorRegistry;
  readonly store: TelemetryStore;
  readonly pipeline: IngestPipeline;
  readonly ingest: MqttIngest;
  readonly broker: EmbeddedBroker | null;
  /** The MQTT URL the server uses (the embedded broker's when MQTT_URL is unset). */
  readonly mqttUrl: string;
  readonly hub: LiveHub;
  readonly bus: EventBus;
  readonly db: StateDb;
  readonly audit: AuditLog;
  readonly gatewayCredentials: GatewayCredentials;
  /** Users, sessions, kiosk and API tokens, sign-in lockout. */
  readonly accounts: Accounts;
  /** Contractors, machines, incidents, dispatch (and where alerts register as dispatch targets). */
  readonly machinery: Machinery;
  /** Rules in force, the engine, alerts, their notifications and the CAP feed. */
  readonly alerts: Alerts;
  /** The self-check; null when CANARY_INTERVAL_S=0. */
  readonly canary: Canary | null;
}

declare module 'fastify' {
  interface FastifyInstance {
    skopia: Skopia;
  }
}

export function createTelemetryStore(config: Config, logger: TelemetryLogger): TelemetryStore {
  if (config.TELEMETRY_STORE === 'influx') {
    return new InfluxTelemetryStore({
      url: config.INFLUX_URL ?? '',
      database: config.INFLUX_DATABASE,
      retentionPolicy: config.INFLUX_RETENTION_POLICY,
      retentionDuration: config.INFLUX_RETENTION_DURATION,
      spoolDir: join(config.DATA_DIR, 'influx-spool'),
      logger,
      ...(config.INFLUX_USERNAME !== undefined ? { username: config.INFLUX_USERNAME } : {}),
      ...(config.INFLUX_PASSWORD !== undefined ? { password: config.INFLUX_PASSWORD } : {}),
      ...(config.INFLUX_TOKEN !== undefined ? { token: config.INFLUX_TOKEN } : {}),
    });
  }
  return new SqliteTelemetryStore({ path: join(config.DATA_DIR, 'telemetry.sqlite'), logger });
}

/**
 * The composition root: loads the region, picks adapters from config, wires ingest to the stores,
 * the health tracker and the live hub, and registers the routes. Starts the embedded broker and
 * connects ingest; `app.listen()` is left to the caller.
 */
export async function buildApp(config: Config, options: BuildOptions = {}): Promise<FastifyInstance> {
  const now = options.now ?? Date.now;
  const app = Fastify({
    logger: options.logger ?? loggerOptions(config.LOG_LEVEL),
    bodyLimit: 1 << 20,
    // Behind a reverse proxy the client address comes from X-Forwarded-For, but only from the proxies
    // named in TRUST_PROXY: anyone else could forge it and dodge the sign-in lockout.
    trustProxy: config.TRUST_PROXY,
  });
  app.setValidatorCompiler(validatorCompiler);
  app.setSerializerCompiler(serializerCompiler);
  registerErrorHandling(app);

  const files = await loadRegionFiles(config.REGIONS_DIR, config.REGION);
  const registry = new SensorRegistry(files.gateways, files.sensors);
  const canaryOn = config.CANARY_INTERVAL_S > 0;
  if (canaryOn) assertNoCanaryClash(registry);
  const region: RegionView = {
    info: files.info,
    bbox: regionBbox(files),
    boundary: files.boundary,
    villages: files.villages,
    basemap: config.BASEMAP_TILE_URL
      ? { tileUrl: config.BASEMAP_TILE_URL, attribution: config.BASEMAP_ATTRIBUTION ?? '' }
      : null,
  };

  const bus = new EventBus((error, event) => app.log.error({ err: error, event, component: 'events' }, 'event handler failed'));
  mkdirSync(config.DATA_DIR, { recursive: true });
  const db = openStateStore(join(config.DATA_DIR, 'state.sqlite'));
  const audit = new AuditLog(db, now);
  const gatewayCredentials = new GatewayCredentials(db, now);
  const lockout = (maxFailures: number) => ({
    maxFailures,
    baseLockMs: config.LOGIN_LOCKOUT_MINUTES * 60_000,
    maxLockMs: 24 * 3_600_000,
    forgetAfterMs: 3_600_000,
  });
  const accounts = new Accounts(db, {
    sessionTtlMs: config.SESSION_TTL_HOURS * 3_600_000,
    sessionIdleMs: config.SESSION_IDLE_MINUTES * 60_000,
    lockout: { user: lockout(config.LOGIN_MAX_FAILURES), ip: lockout(config.LOGIN_MAX_FAILURES_PER_IP) },
    now,
  });
  const machinery = createMachinery({ config, db, audit, bus, info: files.info, villages: files.villages, log: app.log.child({ component: 'dispatch' }), now });
  try {
    await seedMachineryIfEmpty(machinery, join(config.REGIONS_DIR, config.REGION), app.log.child({ component: 'registry' }));
  } catch (error) {
    accounts.close();
    db.close();
    throw error;
  }
  const store = createTelemetryStore(config, app.log.child({ component: 'telemetry' }));
  await store.open();
  const storeLatency = new StoreLatencyProbe(store, now);

  const latest = new LatestValues();
  const health = new SensorHealthTracker(registry.sensors());
  for (const l of await store.latest()) {
    latest.restore(l);
    const ts = latest.ts(l.sensorId);
    if (ts !== null) health.restore(l.sensorId, ts, now());
  }
  let alerts: Alerts;
  try {
    alerts = await createAlerts({
      config,
      db,
      audit,
      bus,
      registry,
      region: { info: files.info, villages: files.villages, boundary: files.boundary, bbox: region.bbox },
      email: machinery.email,
      log: app.log.child({ component: 'alerts' }),
      now,
    });
  } catch (error) {
    accounts.close();
    await store.close();
    db.close();
    throw error;
  }
  machinery.targets.register('alert', (id) => alerts.dispatchTarget(id));
  const viewSources: SensorViewSources = { registry, latest, health, alertSeverity: (id) => alerts.alertSeverity(id), now };
  // The canary is never shown; the hub asking for its view is when the self-check sees its frame.
  const canaryLive = new CanaryLiveHook(CANARY_SENSOR_ID, now);
  const hub = new LiveHub({
    snapshot: () => allSensorViews(viewSources),
    sensorView: canaryLive.wrap((id) => sensorView(viewSources, id)),
    machines: () => machinery.machines.views(),
    machineView: (id) => machinery.machines.view(id),
    openDispatches: () => machinery.dispatch.open(),
    dispatchView: (id) => machinery.dispatch.find(id),
    openAlerts: () => alerts.service.openViews(),
    log: app.log.child({ component: 'live' }),
    now,
  });
  bus.on('ReadingAccepted', (r) => hub.sensorChanged(r.sensorId));
  bus.on('SensorHealthChanged', (e) => hub.sensorChanged(e.sensorId));
  bus.on('MachineChanged', (e) => hub.machineChanged(e.machineId));
  bus.on('DispatchChanged', (e) => hub.dispatchChanged(e.dispatchId));
  // The alert frame, and the alert's sensors recoloured on the map.
  bus.on('AlertChanged', (e) => {
    hub.alertChanged(e.alert);
    for (const id of e.sensorIds) hub.sensorChanged(id);
  });

  // On the embedded broker the server authenticates with a secret made for this process alone.
  const internalPassword = generatePassword();
  const policy = brokerPolicy({
    registry,
    credentials: gatewayCredentials,
    prefix: config.MQTT_TOPIC_PREFIX,
    internalPassword,
    onDenied: (e) => app.log.warn({ ...e, component: 'broker' }, 'MQTT access denied'),
  });
  let broker: EmbeddedBroker | null = null;
  try {
    if (!config.MQTT_URL) broker = await startEmbeddedBroker({ host: config.EMBEDDED_MQTT_HOST, port: config.EMBEDDED_MQTT_PORT, policy });
  } catch (error) {
    hub.close();
    await alerts.close();
    await store.close();
    db.close();
    throw error;
  }
  const embedded = broker;
  if (embedded) gatewayCredentials.onRevoked((gatewayId) => embedded.disconnect((c) => policy.gatewayOf(c) === gatewayId));
  const mqttUrl = config.MQTT_URL ?? `mqtt://127.0.0.1:${broker?.port ?? config.EMBEDDED_MQTT_PORT}`;

  const pipelineOptions = { prefix: config.MQTT_TOPIC_PREFIX, maxPayloadBytes: config.MQTT_MAX_PAYLOAD_BYTES, registry };
  // The canary's topic goes to a decoder of its own: the real path, outside the gateways' counters.
  const [west, south, east, north] = region.bbox;
  const pipeline = canaryOn
    ? new CanaryAwarePipeline(pipelineOptions, {
        topic: canaryTopic(config.MQTT_TOPIC_PREFIX),
        registry: canaryRegistry({ lat: (south + north) / 2, lon: (west + east) / 2, villageId: files.villages[0]?.id ?? files.info.id }),
      })
    : new IngestPipeline(pipelineOptions);
  const onOutcome = (outcome: IngestOutcome): void => {
    if (outcome.readings.length > 0) {
      store.append(outcome.readings);
      storeLatency.appended(outcome.readings);
      for (const r of outcome.readings) {
        latest.apply(r);
        if (health.observe(r)) bus.emit('SensorHealthChanged', { sensorId: r.sensorId, health: health.health(r.sensorId, now()) });
        bus.emit('ReadingAccepted', r);
      }
    }
    if (outcome.gatewayStatus) {
      const { gatewayId, online } = outcome.gatewayStatus;
      for (const id of health.setGatewayOnline(gatewayId, online, now())) {
        bus.emit('SensorHealthChanged', { sensorId: id, health: health.health(id, now()) });
      }
    }
  };
  // While the store is well behind, ingest stops reading and the broker holds the messages, for up to
  // two seconds at a time; a longer slowdown goes to the store's overflow (InfluxDB: the disk spool).
  const flowControl = new FlowControl({
    backlog: () => store.pending,
    highWater: 25_000,
    lowWater: 10_000,
    maxPauseMs: 2000,
    onOverload: (backlog) =>
      app.log.warn({ backlog }, 'the telemetry store is slower than the sensors: readings beyond its memory buffer go to its overflow (InfluxDB: the disk spool)'),
  });
  const ingest = new MqttIngest({
    url: mqttUrl,
    clientId: config.MQTT_CLIENT_ID,
    username: broker ? INTERNAL_USERNAME : config.MQTT_USERNAME,
    password: broker ? internalPassword : config.MQTT_PASSWORD,
    prefix: config.MQTT_TOPIC_PREFIX,
    pipeline,
    onOutcome,
    log: app.log.child({ component: 'ingest' }),
    now,
    flowControl,
  });
  try {
    await ingest.start();
  } catch (error) {
    await ingest.stop();
    hub.close();
    await alerts.close();
    await broker?.close();
    await store.close();
    db.close();
    throw new SkopiaError('mqtt_unreachable', `Cannot connect to the MQTT broker at ${redact(mqttUrl)}: ${(error as Error).message}. Check MQTT_URL.`, {
      cause: error,
    });
  }

  const canary = canaryOn
    ? new Canary({
        mqtt: {
          url: mqttUrl,
          clientId: config.MQTT_CLIENT_ID,
          username: broker ? INTERNAL_USERNAME : config.MQTT_USERNAME,
          password: broker ? internalPassword : config.MQTT_PASSWORD,
        },
        prefix: config.MQTT_TOPIC_PREFIX,
        topic: canaryTopic(config.MQTT_TOPIC_PREFIX),
        policy: { intervalMs: config.CANARY_INTERVAL_S * 1000, slowMs: config.CANARY_SLOW_MS, missingRounds: MISSING_ROUNDS },
        store,
        bus,
        hub,
        liveHook: canaryLive,
        alerts: alerts.service,
        log: app.log.child({ component: 'canary' }),
        now,
      })
    : null;
  canary?.start();

  const sweep = setInterval(() => {
    for (const id of health.sweep(now())) bus.emit('SensorHealthChanged', { sensorId: id, health: health.health(id, now()) });
  }, 5000);
  sweep.unref();

  const startedAt = now();
  const report = (): HealthReport => {
    const ingestHealth = ingest.health();
    const storeHealth = store.health();
    const brokerOk = broker !== null || ingestHealth.connected;
    const canaryStatus = canary?.status() ?? null;
    const ok = brokerOk && ingestHealth.connected && storeHealth.ok && (canaryStatus?.ok ?? true);
    return {
      status: ok ? 'ok' : 'degraded',
      uptimeS: Math.round((now() - startedAt) / 1000),
      broker: broker
        ? { ok: true, mode: 'embedded', port: broker.port, clients: broker.connectedClients() }
        : { ok: ingestHealth.connected, mode: 'external', url: ingestHealth.url },
      ingest: { ok: ingestHealth.connected, ...ingestHealth, ...pipeline.counters, flowControl: flowControl.stats },
      telemetryStore: {
        ...storeHealth,
        writeLatency: { receiveToStored: storeLatency.receiveToStored.summary(), measuredToStored: storeLatency.measuredToStored.summary() },
      },
      live: { clients: canary?.liveClients ?? hub.clientCount },
      ...(canaryStatus !== null ? { canary: canaryStatus } : {}),
    };
  };

  const skopia: Skopia = { config, registry, store, pipeline, ingest, broker, mqttUrl, hub, bus, db, audit, gatewayCredentials, accounts, machinery, alerts, canary };
  app.decorate('skopia', skopia);

  // Before any route: headers and CORS on every answer, and every route's access enforced.
  registerSecurityHeaders(app, { basemapTileUrl: config.BASEMAP_TILE_URL });
  registerCors(app, config.CORS_ORIGINS);
  registerAuth(app, { accounts, cookieSecure: config.COOKIE_SECURE, trustedOrigins: config.CORS_ORIGINS, anonymousViewer: config.ANONYMOUS_VIEWER });

  await app.register(websocket, { options: { maxPayload: 64 * 1024 } });
  app.get('/ws', { websocket: true, config: { access: 'viewer' } }, (socket, request) => {
    // Closed by the server when the kiosk token is revoked or the session ends.
    const credential = credentialOf(request);
    if (credential) accounts.liveAccess.track(socket, credential);
    hub.attach(socket);
  });
  await app.register(healthRoutes, { report });
  const processMetrics = new ProcessMetrics();
  const notificationOutcomes = new NotificationOutcomes(db);
  await app.register(metricsRoutes, {
    collect: () =>
      collectMetrics({
        info: { version: SKOPIA_VERSION, region: files.info.id },
        pipeline,
        ingest,
        flowControl,
        store,
        storeLatency,
        openAlerts: () => alerts.service.openAlerts(),
        notifications: notificationOutcomes,
        liveClients: () => canary?.liveClients ?? hub.clientCount,
        broker,
        canary,
        process: processMetrics,
      }),
  });
  await app.register(regionRoutes, { region });
  await app.register(sensorRoutes, {
    views: () => allSensorViews(viewSources),
    view: (id) => sensorView(viewSources, id),
    store,
    now,
  });
  await app.register(authRoutes, { accounts, audit, cookieSecure: config.COOKIE_SECURE });
  await app.register(userRoutes, { accounts, audit });
  await app.register(kioskTokenRoutes, { accounts, audit });
  await app.register(apiTokenRoutes, { accounts, audit, now });
  await app.register(gatewayRoutes, {
    registry,
    credentials: gatewayCredentials,
    audit,
    topicPrefix: config.MQTT_TOPIC_PREFIX,
    mosquittoDir: config.MOSQUITTO_FILES_DIR ?? null,
    serverAccount: config.MQTT_USERNAME !== undefined && config.MQTT_PASSWORD !== undefined ? { username: config.MQTT_USERNAME, password: config.MQTT_PASSWORD } : null,
  });
  await app.register(auditRoutes, { audit });
  await app.register(ruleRoutes, { alerts });
  await app.register(alertRoutes, { alerts, store, now });
  await app.register(capRoutes, {
    cap: alerts.cap,
    publicUrl: config.PUBLIC_URL,
    feedTitle: `${files.info.name}: public warnings`,
    author: files.info.name,
    startedAt: now(),
    now,
  });
  await app.register(registryRoutes, { machinery });
  await app.register(dispatchRoutes, { machinery });
  await app.register(incidentRoutes, { machinery });
  await app.register(contractorRoutes, { machinery });
  await app.register(reportRoutes, { machinery, now });
  await app.register(dashboardStatic, { distDir: options.dashboardDir ?? join(ROOT, 'dashboard', 'dist'), anonymousViewer: config.ANONYMOUS_VIEWER });

  // Shutdown order matters: stop taking messages, close dashboards, make the stores durable, then the broker.
  app.addHook('onClose', async () => {
    await canary?.stop();
    clearInterval(sweep);
    storeLatency.stop();
    processMetrics.stop();
    accounts.close();
    await ingest.stop();
    hub.close();
    // No reading arrives any more: the rule engine's state is saved now, while the state store is open.
    await alerts.close();
    await store.close();
    await broker?.close();
    // Contractor notifications under way record their outcome in the state store.
    await machinery.dispatch.idle();
    db.close();
    removeServerLock(config.DATA_DIR);
  });
  // Tells `npm run restore` this data directory is in use.
  writeServerLock(config.DATA_DIR, config.HTTP_PORT, now());
  return app;
}
