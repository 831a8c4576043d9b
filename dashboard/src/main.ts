import 'maplibre-gl/dist/maplibre-gl.css';
import './app.css';
import { mount } from 'svelte';
import ConsoleApp from './ConsoleApp.svelte';
import WallApp from './WallApp.svelte';
import { AccessTokensApi } from './lib/api/access-tokens-api.ts';
import { AlertsApi } from './lib/api/alerts-api.ts';
import { AuditApi } from './lib/api/audit-api.ts';
import { AuthApi } from './lib/api/auth-api.ts';
import { DispatchApi } from './lib/api/dispatch-api.ts';
import { ApiClient } from './lib/api/http.ts';
import { liveSocketUrl } from './lib/api/live-protocol.ts';
import { fetchRegion } from './lib/api/region-api.ts';
import { RegistryApi } from './lib/api/registry-api.ts';
import { UsersApi } from './lib/api/users-api.ts';
import { appModeFromUrl } from './lib/app-mode.ts';
import { I18nManager, i18nContext } from './lib/i18n/index.ts';
import { AccessTokenManager } from './lib/managers/access-token-manager.svelte.ts';
import { AlertAnnouncer } from './lib/managers/alert-announcer.svelte.ts';
import { AlertChime } from './lib/managers/alert-chime.ts';
import { AlertManager } from './lib/managers/alert-manager.svelte.ts';
import { AuditManager } from './lib/managers/audit-manager.svelte.ts';
import { ClockManager } from './lib/managers/clock-manager.svelte.ts';
import { ConsoleManager } from './lib/managers/console-manager.svelte.ts';
import { CoverageManager } from './lib/managers/coverage-manager.svelte.ts';
import { DispatchManager } from './lib/managers/dispatch-manager.svelte.ts';
import { EventBus } from './lib/managers/event-bus.ts';
import { HistoryManager } from './lib/managers/history-manager.svelte.ts';
import { LiveManager } from './lib/managers/live-manager.svelte.ts';
import { handleError, NoticeManager } from './lib/managers/notice-manager.svelte.ts';
import { RegionManager } from './lib/managers/region-manager.svelte.ts';
import { RegistryManager } from './lib/managers/registry-manager.svelte.ts';
import { SelectionManager } from './lib/managers/selection-manager.svelte.ts';
import { SessionManager } from './lib/managers/session-manager.svelte.ts';
import { UserAdminManager } from './lib/managers/user-admin-manager.svelte.ts';
import { WallManager } from './lib/managers/wall-manager.svelte.ts';

// The composition root: every manager is made here, once, and handed to the components.
const mode = appModeFromUrl(location);
const bus = new EventBus();
const kiosk = mode.kind === 'wall' ? mode.kiosk : null;
const api = new ApiClient({ kiosk, onUnauthenticated: (error) => bus.emit('session.lost', { message: error.message }) });
const i18n = new I18nManager();
const clock = new ClockManager();
const region = new RegionManager(bus, (signal) => fetchRegion(api, signal), (loaded) => i18n.setTimeZone(loaded.info.timezone));
const live = new LiveManager(bus, { url: liveSocketUrl(location, kiosk) });
const selection = new SelectionManager();
const announcer = new AlertAnnouncer(bus);
const session = new SessionManager(bus, api, new AuthApi(api), mode.kind === 'wall');

i18n.init(mode.lang);
clock.init();
selection.init();
announcer.init();
session.init();

const target = document.getElementById('app');
if (target === null) throw new Error('index.html has no #app element');
document.documentElement.dataset['mode'] = mode.kind;

if (mode.kind === 'wall') {
  // A wall screen runs unattended for months: notices go by themselves after a minute.
  const notices = new NoticeManager(bus, 60_000);
  const wall = new WallManager(bus, { rotateMs: mode.rotateMs, chime: mode.sound ? new AlertChime() : null });
  notices.init();
  wall.init();
  live.init();
  region.init().catch((error: unknown) => handleError(bus, error));
  session.check().catch((error: unknown) => handleError(bus, error));
  mount(WallApp, {
    target,
    props: { bus, clock, notices, region, live, selection, wall, announcer, session },
    context: i18nContext(i18n),
  });
} else {
  const notices = new NoticeManager(bus);
  const alerts = new AlertManager(bus, live, new AlertsApi(api));
  const history = new HistoryManager(bus, api);
  const dispatch = new DispatchManager(bus, live, new DispatchApi(api));
  const registryApi = new RegistryApi(api);
  const registry = new RegistryManager(bus, registryApi);
  const coverage = new CoverageManager(bus, registryApi);
  const audit = new AuditManager(bus, new AuditApi(api));
  const users = new UserAdminManager(bus, new UsersApi(api));
  const kioskTokens = new AccessTokenManager(bus, new AccessTokensApi(api, 'kiosk'));
  const apiTokens = new AccessTokenManager(bus, new AccessTokensApi(api, 'api'));
  const layout = new ConsoleManager();
  notices.init();
  alerts.init();
  registry.init();
  coverage.init();
  session.check().catch((error: unknown) => handleError(bus, error));
  mount(ConsoleApp, {
    target,
    props: { bus, clock, notices, region, live, selection, announcer, session, alerts, history, dispatch, registry, coverage, audit, users, kioskTokens, apiTokens, layout },
    context: i18nContext(i18n),
  });
}
