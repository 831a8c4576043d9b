import { SeededRandom, unitFromKey } from '../random/seeded-random.ts';

/**
 * Radio details of one LoRaWAN uplink in EU868, as the network server reports them. Each device has a
 * stable link quality (distance, terrain) from the seed; every uplink varies around it, and the data rate
 * is what adaptive data rate settles on for that link.
 */
export interface LoraRadio {
  readonly rssi: number;
  readonly snr: number;
  readonly spreadingFactor: number;
  readonly bandwidthHz: number;
  readonly frequencyHz: number;
  /** Index into the EU868 channel plan, as ChirpStack reports it. */
  readonly channel: number;
  /** EU868 data rate index: DR5 = SF7 … DR0 = SF12. */
  readonly dataRate: number;
}

export const EU868_CHANNELS_HZ = [868_100_000, 868_300_000, 868_500_000, 867_100_000, 867_300_000, 867_500_000, 867_700_000, 867_900_000] as const;

export function loraRadio(seed: number, deviceKey: string, rng: SeededRandom): LoraRadio {
  const linkRssi = -118 + 46 * unitFromKey(seed, 'link', deviceKey);
  const rssi = Math.round(linkRssi + rng.normal(0, 2.5));
  const snr = Math.round(Math.min(13, Math.max(-18, (linkRssi + 112) / 3 + rng.normal(0, 1.2))) * 10) / 10;
  // ADR: a weak link needs a slower, more robust spreading factor.
  const margin = linkRssi + 120;
  const spreadingFactor = margin > 30 ? 7 : margin > 24 ? 8 : margin > 18 ? 9 : margin > 12 ? 10 : margin > 6 ? 11 : 12;
  const channel = Math.floor(rng.next() * EU868_CHANNELS_HZ.length);
  return {
    rssi,
    snr,
    spreadingFactor,
    bandwidthHz: 125_000,
    frequencyHz: EU868_CHANNELS_HZ[channel] ?? 868_100_000,
    channel,
    dataRate: 12 - spreadingFactor,
  };
}

/**
 * LoRa time on air (Semtech AN1200.13), coding rate 4/5, 8-symbol preamble, explicit header, CRC on.
 * `frmPayloadBytes` is the application payload; LoRaWAN adds 13 bytes (MHDR, FHDR, FPort, MIC).
 */
export function timeOnAirSeconds(frmPayloadBytes: number, spreadingFactor: number, bandwidthHz = 125_000): number {
  const payload = frmPayloadBytes + 13;
  const symbol = 2 ** spreadingFactor / bandwidthHz;
  const lowDataRate = spreadingFactor >= 11 && bandwidthHz === 125_000 ? 1 : 0;
  const codingRate = 1;
  const symbols = 8 + Math.max(Math.ceil((8 * payload - 4 * spreadingFactor + 28 + 16) / (4 * (spreadingFactor - 2 * lowDataRate))) * (codingRate + 4), 0);
  return (8 + 4.25) * symbol + symbols * symbol;
}

/** An EUI-64 for a name (gateways in our registry have names, not EUIs): 16 lowercase hex digits. */
export function euiFor(...key: readonly (string | number)[]): string {
  return SeededRandom.fromKey(...key, 'eui').hex(16);
}

/** A version-4-shaped UUID from a key, for ids ChirpStack assigns (tenants, profiles, deduplication). */
export function uuidFor(...key: readonly (string | number)[]): string {
  const hex = SeededRandom.fromKey(...key, 'uuid').hex(32).split('');
  hex[12] = '4';
  hex[16] = ((parseInt(hex[16] ?? '0', 16) & 0x3) | 0x8).toString(16);
  const h = hex.join('');
  return `${h.slice(0, 8)}-${h.slice(8, 12)}-${h.slice(12, 16)}-${h.slice(16, 20)}-${h.slice(20)}`;
}
