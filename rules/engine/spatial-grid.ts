/**
 * A lat/lon grid whose cells are at least `radiusKm` wide, so every point within the radius of a query
 * lies in the query's cell or one of its eight neighbours. Cells are keyed "row:col" strings so the
 * grid lives in JSON state.
 */

// Slightly below the true 111.19 km per degree of latitude: cells err on the large side.
const KM_PER_DEGREE = 110;

export interface GridCellSize {
  readonly radiusKm: number;
}

function cellLatDeg(g: GridCellSize): number {
  return g.radiusKm / KM_PER_DEGREE;
}

// Columns of a row are sized for the row's most poleward edge plus one row of margin, so they are wide
// enough for any pair of points that can be within the radius with one of them in the row.
function cellLonDeg(g: GridCellSize, row: number): number {
  const h = cellLatDeg(g);
  const maxAbsLat = Math.min(89, Math.max(Math.abs((row - 1) * h), Math.abs((row + 2) * h)));
  return g.radiusKm / (KM_PER_DEGREE * Math.max(0.01, Math.cos((maxAbsLat * Math.PI) / 180)));
}

export function gridRow(g: GridCellSize, lat: number): number {
  return Math.floor(lat / cellLatDeg(g));
}

export function gridCellKey(g: GridCellSize, lat: number, lon: number): string {
  const row = gridRow(g, lat);
  return `${row}:${Math.floor(lon / cellLonDeg(g, row))}`;
}

/** Keys of the cells that can hold a point within the radius of (lat, lon). */
export function gridNeighbourKeys(g: GridCellSize, lat: number, lon: number): string[] {
  const row = gridRow(g, lat);
  const keys: string[] = [];
  for (let r = row - 1; r <= row + 1; r++) {
    const col = Math.floor(lon / cellLonDeg(g, r));
    for (let c = col - 1; c <= col + 1; c++) keys.push(`${r}:${c}`);
  }
  return keys;
}
