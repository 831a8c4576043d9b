import 'maplibre-gl/dist/maplibre-gl.css';
import './app.css';
import { mount } from 'svelte';
import App from './App.svelte';
import { liveSocketUrl } from './lib/api/live-protocol.ts';
import { I18nManager, i18nContext } from './lib/i18n/index.ts';
import { ClockManager } from './lib/managers/clock-manager.svelte.ts';
import { EventBus } from './lib/managers/event-bus.ts';
import { LiveManager } from './lib/managers/live-manager.svelte.ts';
import { handleError, NoticeManager } from './lib/managers/notice-manager.svelte.ts';
import { RegionManager } from './lib/managers/region-manager.svelte.ts';
import { SelectionManager } from './lib/managers/selection-manager.svelte.ts';

// The composition root: every manager is made here, once, and handed to the components.
const bus = new EventBus();
const i18n = new I18nManager();
const clock = new ClockManager();
const notices = new NoticeManager(bus);
const region = new RegionManager(bus);
const live = new LiveManager(bus, { url: liveSocketUrl(location) });
const selection = new SelectionManager();

i18n.init();
notices.init();
clock.init();
selection.init();
live.init();
region.init().catch((error: unknown) => handleError(bus, error));

const target = document.getElementById('app');
if (target === null) throw new Error('index.html has no #app element');
mount(App, { target, props: { bus, clock, notices, region, live, selection }, context: i18nContext(i18n) });
