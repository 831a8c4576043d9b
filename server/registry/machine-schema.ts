import { z } from 'zod';
import { IdSchema } from '../contracts/registry.ts';
import { MachineTypeSchema } from '../contracts/machinery.ts';

/** What an admin sends to create or replace a machine (JSON or one CSV row). */

const positive = (example: string) =>
  z.number({ message: `expected a number such as ${example}` }).positive('must be above 0').max(1_000_000, 'at most 1000000');

export const MachineCapabilitiesSchema = z.strictObject({
  tankLitres: positive('10000').optional(),
  bucketM3: positive('0.8').optional(),
  pumpM3h: positive('120').optional(),
  kW: positive('45').optional(),
});

const optionalText = (max: number) =>
  z
    .string()
    .trim()
    .max(max, `at most ${max} characters`)
    .nullish()
    .transform((v) => (v === undefined || v === null || v === '' ? null : v));

/** Home villages are the region's: the schema is made once the region is loaded. */
export function machineInputSchema(villageIds: readonly string[]) {
  const known = new Set(villageIds);
  return z.strictObject({
    id: IdSchema.optional(),
    type: MachineTypeSchema,
    plateOrSerial: z
      .string({ message: 'required' })
      .trim()
      .min(1, 'required')
      .max(40, 'at most 40 characters')
      .transform((s) => s.toUpperCase()),
    model: optionalText(200),
    contractorId: IdSchema,
    homeVillageId: z.string({ message: 'required' }).refine((id) => known.has(id), {
      message: `no such village in the region; expected one of ${villageIds.join(', ')}`,
    }),
    capabilities: MachineCapabilitiesSchema.default({}),
    notes: optionalText(2000),
  });
}

export type MachineInput = z.output<ReturnType<typeof machineInputSchema>>;

/** The statuses an admin sets by hand; the others follow dispatches. */
export const MachineAdminStatusSchema = z.enum(['available', 'out_of_service'], {
  message: 'expected available or out_of_service (the other statuses follow dispatches)',
});
