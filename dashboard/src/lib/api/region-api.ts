import type { RegionView } from '../../../../server/contracts/registry.ts';
import { getJson } from './http.ts';

export function fetchRegion(signal?: AbortSignal): Promise<RegionView> {
  return getJson<RegionView>('/api/region', signal);
}
