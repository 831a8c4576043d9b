/** Which metrics a rule looks at: what to show beside an alert to say why it fired. Pure. */
import type { Rule } from '../../rules/index.ts';

const WEATHER = ['air_temperature_c', 'relative_humidity_pct', 'wind_speed_kmh'];

export function metricsOfRule(rule: Rule): string[] {
  const c = rule.condition;
  switch (c.kind) {
    case 'threshold':
    case 'rate_of_change':
    case 'accumulation':
    case 'gauge_levels':
    case 'implausible_jump':
      return [c.metric];
    case 'stuck':
      return [...c.metrics];
    case 'fire_weather_index':
      return [...WEATHER, 'rain_mm'];
    case 'fire_weather_30_30_30':
      return WEATHER;
    case 'fire_detection':
    case 'fire_correlation': {
      const s = c.signal;
      return [
        ...(s.smoke ? ['smoke'] : []),
        ...(s.coPpm !== undefined ? ['co_ppm'] : []),
        ...(s.h2Ppm !== undefined ? ['h2_ppm'] : []),
        ...(s.vocIndex !== undefined ? ['voc_index'] : []),
      ];
    }
    case 'no_data':
      return [];
  }
}
