import type { RegionView } from '../../../../server/contracts/registry.ts';
import type { ApiClient } from './http.ts';

export function fetchRegion(api: ApiClient, signal?: AbortSignal): Promise<RegionView> {
  return api.get<RegionView>('/api/region', undefined, signal);
}
