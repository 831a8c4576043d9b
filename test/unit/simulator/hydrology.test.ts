import { describe, expect, it } from 'vitest';
import { fitRatingCurve, flowM3s, levelCm } from '../../../sensors/simulator/hydrology/rating-curve.ts';
import { floodWaveShape, unitHydrographWeights, attenuationWeights } from '../../../sensors/simulator/hydrology/unit-hydrograph.ts';
import { runoffCoefficient } from '../../../sensors/simulator/hydrology/river-network.ts';
import { MS } from '../../../sensors/simulator/time/relative-time.ts';
import type { World } from '../../../sensors/simulator/world/world.ts';
import { readyWorld } from './fixtures.ts';

function crest(world: World, sensorId: string, fromMs: number, toMs: number): { atMs: number; levelCm: number } {
  let best = { atMs: fromMs, levelCm: -Infinity };
  for (let t = fromMs; t <= toMs; t += 5 * MS.m) {
    const level = world.rivers.levelCm(sensorId, t);
    if (level > best.levelCm) best = { atMs: t, levelCm: level };
  }
  return best;
}

describe('rating curve and unit hydrograph', () => {
  it('passes through both points and inverts', () => {
    const curve = fitRatingCurve({ flowM3s: 180, levelCm: 310 }, { flowM3s: 2300, levelCm: 743 });
    expect(levelCm(curve, 180)).toBeCloseTo(310, 6);
    expect(levelCm(curve, 2300)).toBeCloseTo(743, 6);
    expect(flowM3s(curve, levelCm(curve, 1000))).toBeCloseTo(1000, 6);
  });

  it('keeps every drop of rain and peaks at the lag', () => {
    const weights = unitHydrographWeights(60 * MS.m, 5 * MS.m);
    expect(weights.reduce((a, b) => a + b, 0)).toBeCloseTo(1, 10);
    const peak = weights.indexOf(Math.max(...weights));
    expect((peak + 0.5) * 5).toBeGreaterThanOrEqual(55);
    expect((peak + 0.5) * 5).toBeLessThanOrEqual(65);
    expect(attenuationWeights(3 * MS.h, 5 * MS.m).reduce((a, b) => a + b.weight, 0)).toBeCloseTo(1, 10);
  });

  it('shapes a flood wave and lets wet soil shed more rain', () => {
    expect(floodWaveShape(10, 10, 5, 5)).toBe(1);
    expect(floodWaveShape(4, 10, 5, 5)).toBe(0);
    expect(floodWaveShape(12, 10, 5, 10)).toBeGreaterThan(floodWaveShape(14, 10, 5, 10));
    expect(runoffCoefficient(0)).toBeLessThan(runoffCoefficient(80));
  });
});

describe('flood waves travel downstream', () => {
  it('Odra: Oława crests at about 743 cm, Trestno hours later at about 640 cm', async () => {
    const world = await readyWorld('odra-flood');
    const end = world.endMs ?? world.startMs + 40 * MS.h;
    const olawa = crest(world, 'wl-odra-olawa', world.startMs, end);
    const trestno = crest(world, 'wl-odra-trestno', world.startMs, end);
    expect(olawa.levelCm).toBeGreaterThan(738);
    expect(olawa.levelCm).toBeLessThan(748);
    expect(trestno.levelCm).toBeGreaterThan(630);
    expect(trestno.levelCm).toBeLessThan(650);
    const travelH = (trestno.atMs - olawa.atMs) / MS.h;
    expect(travelH).toBeGreaterThan(6);
    expect(travelH).toBeLessThan(9);
    // Before the wave both sit at their ordinary levels, far below warning.
    expect(world.rivers.levelCm('wl-odra-trestno', world.startMs)).toBeLessThan(300);
  });

  it('Chalkidiki storm: torrents answer within the hour, the river at Olynthos peaks after its upstream stream', async () => {
    const world = await readyWorld('flash-flood');
    const from = world.startMs;
    const to = world.startMs + 24 * MS.h;
    const vavdos = crest(world, 'wl-vavdos-stream', from, to);
    const chavrias = crest(world, 'wl-chavrias-olynthos', from, to);
    const torrent = crest(world, 'wl-polygyros-torrent', from, to);
    expect(chavrias.atMs - vavdos.atMs).toBeGreaterThan(MS.h);
    expect(torrent.atMs).toBeLessThan(chavrias.atMs);
    expect(torrent.levelCm).toBeGreaterThan(180);
    // The storm starts at +6 h: nothing moves before.
    expect(world.rivers.levelCm('wl-polygyros-torrent', from + 5 * MS.h)).toBeLessThan(40);
  });

  it('without the upstream gauge, the downstream crest is lower', async () => {
    const world = await readyWorld('odra-flood');
    const { scenario, region } = { scenario: world.scenario, region: world.region };
    const { buildWorld } = await import('../../../sensors/simulator/world/world.ts');
    const gauges = { ...scenario.hydrology?.gauges };
    const trestno = gauges['wl-odra-trestno'];
    if (!trestno) throw new Error('no Trestno model');
    const cut = buildWorld({ ...scenario, hydrology: { gauges: { ...gauges, 'wl-odra-trestno': { ...trestno, upstream: [] } } } }, region);
    const end = world.startMs + 40 * MS.h;
    expect(crest(cut, 'wl-odra-trestno', world.startMs, end).levelCm).toBeLessThan(400);
  });
});
