import { z } from 'zod';
import { IdSchema } from '../contracts/registry.ts';
import { MachineTypeSchema } from '../contracts/machinery.ts';
import { checkTaxId } from './contractor-tax-id.ts';
import { isCalendarDate } from './contractor-contract.ts';

/**
 * What an admin sends to create or replace a contractor (JSON or one CSV row). Every message names
 * what is expected, so the form (or the CSV report) can say it next to the field.
 */

/** Spaces, dashes, dots and brackets dropped; a leading 00 means +. */
export function normalizePhone(raw: string): string {
  const compact = raw.trim().replace(/[\s().-]/g, '');
  return compact.startsWith('00') ? `+${compact.slice(2)}` : compact;
}

export const PhoneSchema = z
  .string()
  .transform(normalizePhone)
  .pipe(z.string().regex(/^\+[1-9]\d{6,14}$/, 'expected an international phone number in E.164 form, such as +306912345678'));

export const LocalDateSchema = z.string().trim().refine(isCalendarDate, { message: 'expected a date written YYYY-MM-DD, such as 2026-12-31' });

const text = (max: number) => z.string().trim().min(1, 'required').max(max, `at most ${max} characters`);
const optionalText = (max: number) =>
  z
    .string()
    .trim()
    .max(max, `at most ${max} characters`)
    .nullish()
    .transform((v) => (v === undefined || v === null || v === '' ? null : v));

export const HourlyRateSchema = z.number({ message: 'expected a number such as 45.5' }).positive('must be above 0').max(100_000, 'at most 100000');

export function contractorInputSchema(country: string) {
  return z
    .strictObject({
      id: IdSchema.optional(),
      name: text(200),
      taxId: z.string({ message: 'required' }).transform((raw, ctx) => {
        const check = checkTaxId(raw, country);
        if (!check.ok) {
          ctx.addIssue({ code: 'custom', message: check.reason });
          return z.NEVER;
        }
        return check.digits;
      }),
      phone: PhoneSchema,
      email: z
        .email({ message: 'expected an e-mail address such as office@example.gr' })
        .nullish()
        .transform((v) => v ?? null),
      contractRef: text(100),
      contractStart: LocalDateSchema,
      contractEnd: LocalDateSchema,
      hourlyRates: z.partialRecord(MachineTypeSchema, HourlyRateSchema).default({}),
      notes: optionalText(2000),
    })
    .refine((c) => c.contractEnd >= c.contractStart, { message: 'must not be before contractStart', path: ['contractEnd'] });
}

export type ContractorInput = z.output<ReturnType<typeof contractorInputSchema>>;
