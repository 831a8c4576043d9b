/**
 * How rain that fell at once reaches the gauge over time: a gamma-shaped unit hydrograph (shape 3) whose
 * peak comes `lagMs` after the rain, discretised on the flow grid. Weights sum to 1 so no water is lost.
 */
export function unitHydrographWeights(lagMs: number, stepMs: number): number[] {
  const theta = lagMs / 2;
  const steps = Math.max(1, Math.ceil((6 * lagMs) / stepMs));
  const raw: number[] = [];
  for (let j = 0; j < steps; j++) {
    const tau = (j + 0.5) * stepMs;
    raw.push(tau * tau * Math.exp(-tau / theta));
  }
  const sum = raw.reduce((a, b) => a + b, 0);
  return raw.map((w) => w / sum);
}

/** Triangular weights over ±spread: a flood wave flattens and lengthens as it travels down a river. */
export function attenuationWeights(spreadMs: number, stepMs: number): { offsetMs: number; weight: number }[] {
  const half = Math.floor(spreadMs / stepMs);
  if (half <= 0) return [{ offsetMs: 0, weight: 1 }];
  const out: { offsetMs: number; weight: number }[] = [];
  for (let i = -half; i <= half; i++) out.push({ offsetMs: i * stepMs, weight: half + 1 - Math.abs(i) });
  const sum = out.reduce((a, b) => a + b.weight, 0);
  return out.map((o) => ({ offsetMs: o.offsetMs, weight: o.weight / sum }));
}

/** Shape of a flood wave arriving from outside the region: 0 → 1 at the peak → 0, cosine on each side. */
export function floodWaveShape(atMs: number, peakMs: number, riseMs: number, fallMs: number): number {
  if (atMs <= peakMs - riseMs || atMs >= peakMs + fallMs) return 0;
  if (atMs <= peakMs) return (1 - Math.cos((Math.PI * (atMs - peakMs + riseMs)) / riseMs)) / 2;
  return (1 + Math.cos((Math.PI * (atMs - peakMs)) / fallMs)) / 2;
}
