import { MS } from './relative-time.ts';

/**
 * Local solar hour (0–24) at a longitude: the daily weather cycle follows the sun, not the time zone, so
 * the simulator needs no time-zone database and summer time cannot shift the afternoon maximum.
 */
export function solarHour(epochMs: number, lonDeg: number): number {
  const utcHours = (epochMs % MS.d) / MS.h;
  return (((utcHours + lonDeg / 15) % 24) + 24) % 24;
}

/** Day of year (1–366) in UTC, for seasonal terms. */
export function dayOfYear(epochMs: number): number {
  const date = new Date(epochMs);
  const startOfYear = Date.UTC(date.getUTCFullYear(), 0, 1);
  return Math.floor((epochMs - startOfYear) / MS.d) + 1;
}

/** Month 1–12 in UTC. */
export function monthOf(epochMs: number): number {
  return new Date(epochMs).getUTCMonth() + 1;
}

/** Approximate sunrise and sunset in solar hours for a latitude and day (good to ~10 min). */
export function daylightHours(latDeg: number, epochMs: number): { sunrise: number; sunset: number } {
  const declination = 23.44 * Math.sin(((2 * Math.PI) / 365) * (dayOfYear(epochMs) - 81));
  const phi = (latDeg * Math.PI) / 180;
  const delta = (declination * Math.PI) / 180;
  const cosH = Math.min(1, Math.max(-1, -Math.tan(phi) * Math.tan(delta)));
  const halfDay = (Math.acos(cosH) * 180) / Math.PI / 15;
  return { sunrise: 12 - halfDay, sunset: 12 + halfDay };
}

/** 0 at night, rising to 1 at solar noon: how much sun a solar panel gets. */
export function sunlight(latDeg: number, lonDeg: number, epochMs: number): number {
  const h = solarHour(epochMs, lonDeg);
  const { sunrise, sunset } = daylightHours(latDeg, epochMs);
  if (h <= sunrise || h >= sunset) return 0;
  return Math.sin((Math.PI * (h - sunrise)) / (sunset - sunrise));
}
