/**
 * Stage–discharge relation: level = c0 + a · Q^b. Natural channels widen as they fill, so the level rises
 * more slowly than the flow (b ≈ 0.5–0.6). Fitted through two points: base flow ↔ base level, and one
 * flood point (the flow at which the gauge reaches its alarm level, or a historic peak).
 */
export const RATING_EXPONENT = 0.55;

export interface RatingCurve {
  readonly c0: number;
  readonly a: number;
  readonly b: number;
}

export function fitRatingCurve(
  low: { flowM3s: number; levelCm: number },
  high: { flowM3s: number; levelCm: number },
  b: number = RATING_EXPONENT,
): RatingCurve {
  const a = (high.levelCm - low.levelCm) / (high.flowM3s ** b - low.flowM3s ** b);
  return { c0: low.levelCm - a * low.flowM3s ** b, a, b };
}

export function levelCm(curve: RatingCurve, flowM3s: number): number {
  return curve.c0 + curve.a * Math.max(0, flowM3s) ** curve.b;
}

export function flowM3s(curve: RatingCurve, level: number): number {
  return Math.max(0, (level - curve.c0) / curve.a) ** (1 / curve.b);
}
