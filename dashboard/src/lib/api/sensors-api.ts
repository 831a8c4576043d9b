import type { SensorHistoryView } from '../../../../server/contracts/telemetry.ts';
import type { ApiClient } from './http.ts';

export interface HistoryRequest {
  readonly sensorId: string;
  readonly metric: string;
  readonly from: number;
  readonly to: number;
  readonly maxPoints: number;
}

/** GET /api/sensors/:id/readings (server/http/sensor-routes.ts): min/mean/max buckets. */
export function fetchSensorHistory(api: ApiClient, request: HistoryRequest, signal?: AbortSignal): Promise<SensorHistoryView> {
  const { sensorId, ...query } = request;
  return api.get<SensorHistoryView>(`/api/sensors/${encodeURIComponent(sensorId)}/readings`, query, signal);
}
