import type { CoverageReport } from '../../../../server/contracts/dispatch.ts';
import type { ContractorView, CsvImportResult, HourlyRates, MachineCapabilities, MachineType, MachineView } from '../../../../server/contracts/machinery.ts';
import type { ApiClient } from './http.ts';

/** What the contractor form sends (server/registry/contractor-schema.ts). */
export interface ContractorInput {
  readonly id?: string;
  readonly name: string;
  readonly taxId: string;
  readonly phone: string;
  readonly email: string | null;
  readonly contractRef: string;
  readonly contractStart: string;
  readonly contractEnd: string;
  readonly hourlyRates: HourlyRates;
  readonly notes: string | null;
}

/** What the machine form sends (server/registry/machine-schema.ts). */
export interface MachineInput {
  readonly id?: string;
  readonly type: MachineType;
  readonly plateOrSerial: string;
  readonly model: string | null;
  readonly contractorId: string;
  readonly homeVillageId: string;
  readonly capabilities: MachineCapabilities;
  readonly notes: string | null;
}

export type RegistryKind = 'contractors' | 'machines';

/** The contractor registry (server/http/registry-routes.ts). Reads are for viewers, writes for admins. */
export class RegistryApi {
  readonly #api: ApiClient;

  constructor(api: ApiClient) {
    this.#api = api;
  }

  contractors(): Promise<{ currency: string; contractors: ContractorView[] }> {
    return this.#api.get('/api/contractors');
  }

  createContractor(input: ContractorInput): Promise<ContractorView> {
    return this.#api.post('/api/contractors', input);
  }

  replaceContractor(id: string, input: ContractorInput): Promise<ContractorView> {
    return this.#api.put(`/api/contractors/${encodeURIComponent(id)}`, input);
  }

  async machines(): Promise<MachineView[]> {
    const body = await this.#api.get<{ machines: MachineView[] }>('/api/machines');
    return body.machines;
  }

  createMachine(input: MachineInput): Promise<MachineView> {
    return this.#api.post('/api/machines', input);
  }

  replaceMachine(id: string, input: MachineInput): Promise<MachineView> {
    return this.#api.put(`/api/machines/${encodeURIComponent(id)}`, input);
  }

  setMachineStatus(id: string, status: 'available' | 'out_of_service', note?: string): Promise<MachineView> {
    return this.#api.patch(`/api/machines/${encodeURIComponent(id)}/status`, { status, ...(note ? { note } : {}) });
  }

  importCsv(kind: RegistryKind, csv: string, dryRun: boolean): Promise<CsvImportResult> {
    return this.#api.postCsv(`/api/${kind}/import`, csv, { dryRun: dryRun ? 'true' : 'false' });
  }

  coverage(): Promise<CoverageReport> {
    return this.#api.get('/api/coverage');
  }

  coverageGeoJson(): Promise<GeoJSON.FeatureCollection<GeoJSON.Point>> {
    return this.#api.get('/api/coverage.geojson');
  }
}
