import type { LatLon } from '../geo/local-geometry.ts';
import { MS } from '../time/relative-time.ts';
import { GridSeries } from '../world/grid-series.ts';
import { stormRainRateMmH, type Storm } from './storm.ts';

export interface RainSite extends LatLon {
  readonly id: string;
}

/** Tipping-bucket rain gauges count 0.2 mm tips. */
export const RAIN_GAUGE_RESOLUTION_MM = 0.2;
const GRID_MS = MS.m;

/** Rain over the region: rate at any site and time, and the running total a rain gauge accumulates. */
export class RainField {
  readonly #storms: readonly Storm[];
  readonly #seed: number;
  readonly #originMs: number;
  readonly #totals = new Map<string, GridSeries>();

  constructor(storms: readonly Storm[], seed: number, originMs: number) {
    this.#storms = storms;
    this.#seed = seed;
    // Storms may start before the scenario (absolute times); begin the totals before the earliest.
    this.#originMs = Math.min(originMs, ...storms.map((s) => s.startMs - 6 * MS.h));
  }

  get hasRain(): boolean {
    return this.#storms.length > 0;
  }

  rateMmH(site: RainSite, atMs: number): number {
    let rate = 0;
    for (const storm of this.#storms) rate += stormRainRateMmH(storm, site, atMs, this.#seed);
    return rate;
  }

  /** Rain fallen at the site since the field's origin, mm (trapezoids on a one-minute grid). */
  totalMm(site: RainSite, atMs: number): number {
    if (!this.hasRain) return 0;
    let series = this.#totals.get(site.id);
    if (series === undefined) {
      const s: GridSeries = new GridSeries(this.#originMs, GRID_MS, (i, at) => {
        if (i === 0) return 0;
        const mean = (this.rateMmH(site, at - GRID_MS) + this.rateMmH(site, at)) / 2;
        return s.atIndex(i - 1) + (mean * GRID_MS) / MS.h;
      });
      series = s;
      this.#totals.set(site.id, series);
    }
    return series.at(atMs);
  }

  /** What a tipping-bucket gauge reports for (fromMs, toMs]: whole tips only, so totals add up exactly. */
  gaugeReportMm(site: RainSite, fromMs: number, toMs: number): number {
    if (!this.hasRain) return 0;
    const tips = (t: number): number => Math.floor(this.totalMm(site, t) / RAIN_GAUGE_RESOLUTION_MM + 1e-9);
    const count = Math.max(0, tips(toMs) - tips(fromMs));
    return Math.round(count * RAIN_GAUGE_RESOLUTION_MM * 10) / 10;
  }
}
