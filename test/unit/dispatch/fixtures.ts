import type { Village } from '../../../server/contracts/registry.ts';
import type { Contractor, Machine, MachineStatus, MachineType } from '../../../server/contracts/machinery.ts';

/**
 * A small made-up region on the 40th parallel: alpha and beta 8.5 km apart, gamma 22 km north of
 * alpha. Contract dates are judged on TODAY.
 */
export const TODAY = '2026-06-15';
export const NOW = Date.parse('2026-06-15T10:00:00Z');

export const VILLAGES: Village[] = [
  { id: 'alpha', name: 'Alpha', nameLocal: 'Άλφα', lat: 40.0, lon: 23.0 },
  { id: 'beta', name: 'Beta', nameLocal: 'Βήτα', lat: 40.0, lon: 23.1 },
  { id: 'gamma', name: 'Gamma', nameLocal: 'Γάμμα', lat: 40.2, lon: 23.0 },
];

export function contractor(id: string, contractStart = '2026-01-01', contractEnd = '2026-12-31'): Contractor {
  return {
    id,
    name: `Contractor ${id}`,
    taxId: '099812341',
    phone: '+306900000101',
    email: null,
    contractRef: `C-${id}`,
    contractStart,
    contractEnd,
    hourlyRates: {},
    notes: null,
    createdAt: 0,
    updatedAt: 0,
  };
}

export function machine(
  id: string,
  type: MachineType,
  homeVillageId: string,
  extra: { status?: MachineStatus; contractorId?: string; reported?: { lat: number; lon: number; at: number }; tankLitres?: number } = {},
): Machine {
  const home = VILLAGES.find((v) => v.id === homeVillageId);
  return {
    id,
    type,
    plateOrSerial: id.toUpperCase(),
    model: null,
    contractorId: extra.contractorId ?? 'ctr-ok',
    homeVillageId,
    capabilities: extra.tankLitres !== undefined ? { tankLitres: extra.tankLitres } : {},
    status: extra.status ?? 'available',
    position: extra.reported ? { ...extra.reported, source: 'reported' } : { lat: home?.lat ?? 0, lon: home?.lon ?? 0, at: null, source: 'home' },
    notes: null,
    createdAt: 0,
    updatedAt: 0,
  };
}

export const CONTRACTORS = new Map<string, Contractor>([
  ['ctr-ok', contractor('ctr-ok')],
  ['ctr-ending', contractor('ctr-ending', '2026-01-01', '2026-06-27')],
  ['ctr-expired', contractor('ctr-expired', '2025-01-01', '2026-05-31')],
  ['ctr-future', contractor('ctr-future', '2026-07-01', '2027-06-30')],
]);
