import type { Gateway, Sensor } from '../contracts/registry.ts';

/** The sensor network: sensors and gateways by id, LoRaWAN devices by EUI. Read-mostly. */
export class SensorRegistry {
  readonly #sensors = new Map<string, Sensor>();
  readonly #gateways = new Map<string, Gateway>();
  readonly #byDevEui = new Map<string, Sensor>();
  readonly #byGateway = new Map<string, Sensor[]>();

  constructor(gateways: readonly Gateway[], sensors: readonly Sensor[]) {
    for (const g of gateways) this.#gateways.set(g.id, g);
    for (const s of sensors) {
      this.#sensors.set(s.id, s);
      if (s.lorawan) this.#byDevEui.set(s.lorawan.devEui.toLowerCase(), s);
      const list = this.#byGateway.get(s.gatewayId) ?? [];
      list.push(s);
      this.#byGateway.set(s.gatewayId, list);
    }
  }

  sensor(id: string): Sensor | undefined {
    return this.#sensors.get(id);
  }

  sensorByDevEui(devEui: string): Sensor | undefined {
    return this.#byDevEui.get(devEui.toLowerCase());
  }

  /** The LoRaWAN gateway (network-server application) a TTN or ChirpStack topic names. */
  gatewayByApplication(format: Gateway['format'], applicationId: string): Gateway | undefined {
    for (const g of this.#gateways.values()) if (g.format === format && g.applicationId === applicationId) return g;
    return undefined;
  }

  gateway(id: string): Gateway | undefined {
    return this.#gateways.get(id);
  }

  sensors(): IterableIterator<Sensor> {
    return this.#sensors.values();
  }

  gateways(): IterableIterator<Gateway> {
    return this.#gateways.values();
  }

  sensorsOfGateway(gatewayId: string): readonly Sensor[] {
    return this.#byGateway.get(gatewayId) ?? [];
  }

  get sensorCount(): number {
    return this.#sensors.size;
  }
}
