import type { CoverageState } from '../../../../server/contracts/dispatch.ts';
import type { MachineStatus } from '../../../../server/contracts/machinery.ts';

/**
 * The map's symbols other than sensor dots, as SVG paths in a 24×24 box. The map draws them into icons
 * at start (no sprite server: the wall screen works offline) and the legend draws the very same paths,
 * so they cannot disagree. Each state has its own shape as well as its own colour.
 */
export interface SymbolLook {
  /** Filled shape. */
  readonly shape: string;
  readonly fill: string;
  readonly stroke: string;
  /** Drawn over the shape, stroked (a cross, a mark). */
  readonly mark?: string;
  readonly markColour?: string;
  /** Only the outline of the shape: a hollow symbol. */
  readonly hollow?: boolean;
}

const SQUARE = 'M5 5h14v14H5z';
const DIAMOND = 'M12 1.5 22.5 12 12 22.5 1.5 12z';
const ARROW = 'M3.5 3 21.5 12 3.5 21z';
const HEXAGON = 'M12 1.5l9.5 5.25v10.5L12 22.5l-9.5-5.25V6.75z';
const WARNING = 'M12 1.5 23 21.5H1z';
const CIRCLE = 'M12 2.5a9.5 9.5 0 1 0 0.001 0z';
const CROSS = 'M7.5 7.5l9 9M16.5 7.5l-9 9';

export const MACHINE_LOOK: Readonly<Record<MachineStatus, SymbolLook>> = {
  available: { shape: SQUARE, fill: '#2ec4d6', stroke: '#041418' },
  dispatched: { shape: DIAMOND, fill: '#ffd54f', stroke: '#ffd54f', hollow: true },
  accepted: { shape: DIAMOND, fill: '#ffd54f', stroke: '#1b1400' },
  en_route: { shape: ARROW, fill: '#ff9f43', stroke: '#1b0d00' },
  on_scene: { shape: HEXAGON, fill: '#ff6f3c', stroke: '#ffffff' },
  out_of_service: { shape: SQUARE, fill: '#5d6675', stroke: '#c7ced9', mark: CROSS, markColour: '#ffffff' },
};

export const PLACE_LOOK = {
  incident: { shape: WARNING, fill: '#ff3b30', stroke: '#ffffff', mark: 'M12 8v6.5M12 17.2v.3', markColour: '#ffffff' },
  target: { shape: CIRCLE, fill: '#ffffff', stroke: '#ffffff', hollow: true, mark: 'M12 6v12M6 12h12', markColour: '#ffffff' },
  pick: { shape: CIRCLE, fill: '#ffffff', stroke: '#00e5ff', hollow: true, mark: 'M12 1v22M1 12h22', markColour: '#00e5ff' },
} as const satisfies Readonly<Record<string, SymbolLook>>;

export const COVERAGE_LOOK: Readonly<Record<CoverageState, SymbolLook>> = {
  covered: { shape: CIRCLE, fill: '#1f9d55', stroke: '#ffffff', mark: 'M7 12.5l3.2 3.2L17 8.8', markColour: '#ffffff' },
  busy: { shape: CIRCLE, fill: '#c98a00', stroke: '#ffffff', mark: 'M12 6.5V12l3.5 2.5', markColour: '#ffffff' },
  uncovered: { shape: CIRCLE, fill: '#d0021b', stroke: '#ffffff', mark: CROSS, markColour: '#ffffff' },
};

/** Every icon the map registers, by the name layers refer to. */
export function mapIcons(): ReadonlyMap<string, SymbolLook> {
  const icons = new Map<string, SymbolLook>();
  for (const [status, look] of Object.entries(MACHINE_LOOK)) icons.set(`machine-${status}`, look);
  for (const [kind, look] of Object.entries(PLACE_LOOK)) icons.set(`place-${kind}`, look);
  for (const [state, look] of Object.entries(COVERAGE_LOOK)) icons.set(`coverage-${state}`, look);
  return icons;
}

/** Draws a symbol into RGBA pixels, `size` CSS px at `pixelRatio`. */
export function renderSymbol(look: SymbolLook, size: number, pixelRatio: number): ImageData | null {
  const px = Math.round(size * pixelRatio);
  const canvas = document.createElement('canvas');
  canvas.width = px;
  canvas.height = px;
  const context = canvas.getContext('2d');
  if (context === null) return null;
  context.scale(px / 24, px / 24);
  context.lineJoin = 'round';
  context.lineCap = 'round';
  const shape = new Path2D(look.shape);
  if (look.hollow === true) {
    // A dark outline under the coloured one keeps a hollow shape visible on any background.
    context.strokeStyle = '#070b14';
    context.lineWidth = 5;
    context.stroke(shape);
    context.strokeStyle = look.stroke;
    context.lineWidth = 2.6;
    context.stroke(shape);
  } else {
    context.fillStyle = look.fill;
    context.fill(shape);
    context.strokeStyle = look.stroke;
    context.lineWidth = 1.8;
    context.stroke(shape);
  }
  if (look.mark !== undefined) {
    context.strokeStyle = look.markColour ?? look.stroke;
    context.lineWidth = 2.4;
    context.stroke(new Path2D(look.mark));
  }
  return context.getImageData(0, 0, px, px);
}
