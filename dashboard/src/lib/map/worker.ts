import { setWorkerUrl } from 'maplibre-gl';
// Vite copies the worker to the build and gives us its URL; without this MapLibre 6 draws nothing.
import workerUrl from 'maplibre-gl/dist/maplibre-gl-worker.mjs?url';

setWorkerUrl(workerUrl);
