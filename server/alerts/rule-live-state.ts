/**
 * What each rule is doing right now, for GET /api/rules: its active alerts and pending subjects (from
 * the engine's inspectEngineState), with how long each pending condition has held and when it raises,
 * and for the Fire Weather Index the moisture codes carried per station. Pure: reads engine state only.
 */
import { inspectEngineState, type EngineState, type Rule, type RuleLiveState } from '../../rules/index.ts';
import { FireWeatherStationSchema } from '../../rules/engine/conditions/fire-weather-index.ts';
import type { AlertSubject } from '../../rules/engine/types.ts';

export interface PendingView {
  readonly subject: AlertSubject;
  /** Since when the raise condition has held (engine/data time, epoch ms). */
  readonly since: number | null;
  /** When the `for` duration is over and the alert raises, if the condition keeps holding. */
  readonly raisesAt: number | null;
}

export interface FireWeatherStationView {
  readonly sensorId: string;
  /** The moisture codes carried to the next day; null before the first computed day. */
  readonly codes: { readonly ffmc: number; readonly dmc: number; readonly dc: number } | null;
  /** The newest computed day: its noon weather, every index and the EFFIS danger class. */
  readonly last: Readonly<Record<string, unknown>> | null;
}

export interface RuleLiveView extends Omit<RuleLiveState, 'pending'> {
  readonly pending: readonly PendingView[];
  readonly fireWeather?: readonly FireWeatherStationView[];
}

const GROUP = { sensor: 'sensors', gauge: 'sensors', gateway: 'gateways', village: 'villages' } as const;

export function ruleLiveViews(state: EngineState, rules: readonly Rule[]): RuleLiveView[] {
  const byId = new Map(rules.map((r) => [r.id, r]));
  return inspectEngineState(state, rules).map((live) => {
    const rule = byId.get(live.ruleId);
    const rs = state.rules[live.ruleId];
    const forMs = (rule?.lifecycle.for ?? 0) * 1000;
    const pending = live.pending.map((subject): PendingView => {
      const since = rs?.[GROUP[subject.type]][subject.id]?.pendingSince ?? null;
      return { subject, since, raisesAt: since === null ? null : since + forMs };
    });
    if (rule?.condition.kind !== 'fire_weather_index' || rs === undefined) return { ...live, pending };
    const fireWeather: FireWeatherStationView[] = [];
    for (const sensorId of Object.keys(rs.sensors).sort()) {
      const parsed = FireWeatherStationSchema.safeParse(rs.sensors[sensorId]?.data);
      if (parsed.success) fireWeather.push({ sensorId, codes: parsed.data.codes, last: parsed.data.last });
    }
    return { ...live, pending, fireWeather };
  });
}
