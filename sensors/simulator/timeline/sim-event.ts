import type { MetricValues } from '../generators/generator-context.ts';

/** One reading as a device took it. */
export interface TimedReading {
  readonly atMs: number;
  readonly metrics: MetricValues;
}

/**
 * What happens in a simulated run, in time order. The publisher turns readings into MQTT messages and
 * gateway events into connections dropped and re-established.
 */
export type SimEvent =
  | {
      readonly kind: 'reading';
      readonly atMs: number;
      readonly sensorId: string;
      readonly gatewayId: string;
      readonly metrics: MetricValues;
      /** LoRaWAN frame counter: counts transmissions, so lost messages leave gaps. */
      readonly frameCounter: number;
      /** Sent off-schedule because the device detected something (fire sensors on smoke). */
      readonly alarm: boolean;
    }
  | { readonly kind: 'lost'; readonly atMs: number; readonly sensorId: string; readonly gatewayId: string; readonly reason: 'packet-loss' | 'gateway-outage' }
  | { readonly kind: 'catch-up'; readonly atMs: number; readonly sensorId: string; readonly gatewayId: string; readonly readings: readonly TimedReading[] }
  | { readonly kind: 'gateway-down'; readonly atMs: number; readonly gatewayId: string }
  | { readonly kind: 'gateway-up'; readonly atMs: number; readonly gatewayId: string };
