import type { PaddingOptions } from 'maplibre-gl';

/**
 * Where the camera should be: the whole region, or a box (an alert's area, [west, south, east, north]).
 * The map moves when `turn` changes, not when the same focus is merely recomputed.
 */
export type MapFocus =
  | { readonly kind: 'region'; readonly turn: number; readonly padding: PaddingOptions | number }
  | { readonly kind: 'bounds'; readonly turn: number; readonly bounds: readonly [number, number, number, number]; readonly padding: PaddingOptions | number };
