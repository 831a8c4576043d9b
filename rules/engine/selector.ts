/** Which sensors a rule looks at. Fields combine with AND; each list matches any of its entries. */
import { z } from 'zod';

/** The registry's sensor kinds (server/contracts/registry.ts), restated so a typo in a rule file is caught. */
export const RULE_SENSOR_KINDS = ['weather_station', 'water_level_gauge', 'fire_sensor'] as const;

const IdSchema = z.string().regex(/^[A-Za-z0-9][A-Za-z0-9_.-]{0,63}$/, 'letters, digits, "_", "." or "-", at most 64 characters');

export const SelectorSchema = z
  .strictObject({
    kinds: z.array(z.enum(RULE_SENSOR_KINDS)).min(1).optional(),
    sensorIds: z.array(IdSchema).min(1).optional(),
    villageIds: z.array(IdSchema).min(1).optional(),
    excludeSensorIds: z.array(IdSchema).optional(),
  })
  .refine((s) => s.kinds !== undefined || s.sensorIds !== undefined || s.villageIds !== undefined, {
    message: 'name at least one of kinds, sensorIds or villageIds, so a rule never watches everything by accident',
  });
export type Selector = z.infer<typeof SelectorSchema>;

export interface SelectableSensor {
  readonly id: string;
  readonly kind: string;
  readonly villageId: string;
}

export function selects(s: Selector, sensor: SelectableSensor): boolean {
  if (s.kinds !== undefined && !(s.kinds as readonly string[]).includes(sensor.kind)) return false;
  if (s.sensorIds !== undefined && !s.sensorIds.includes(sensor.id)) return false;
  if (s.villageIds !== undefined && !s.villageIds.includes(sensor.villageId)) return false;
  return s.excludeSensorIds === undefined || !s.excludeSensorIds.includes(sensor.id);
}
