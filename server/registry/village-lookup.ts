import { haversineKm } from '../../rules/engine/haversine.ts';
import type { Village } from '../contracts/registry.ts';

/** The village nearest a point and how far it is (great circle, km); null when the region has none. Pure. */
export function nearestVillage(villages: readonly Village[], lat: number, lon: number): { village: Village; km: number } | null {
  let best: { village: Village; km: number } | null = null;
  for (const village of villages) {
    const km = haversineKm(lat, lon, village.lat, village.lon);
    if (best === null || km < best.km) best = { village, km };
  }
  return best;
}
