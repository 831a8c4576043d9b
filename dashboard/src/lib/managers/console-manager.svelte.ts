import type { MapFocus } from '../map/map-focus.ts';
import type { LatLon } from '../map/operations-features.ts';

export const CONSOLE_VIEWS = ['operations', 'registry', 'access', 'audit'] as const;
export type ConsoleView = (typeof CONSOLE_VIEWS)[number];

/** Screens only an admin is shown (the server refuses their APIs to anyone else anyway). */
const ADMIN_VIEWS: ReadonlySet<ConsoleView> = new Set(['access', 'audit']);

/** Pure: the screens in the navigation for this role. */
export function consoleViews(isAdmin: boolean): readonly ConsoleView[] {
  return CONSOLE_VIEWS.filter((view) => isAdmin || !ADMIN_VIEWS.has(view));
}

export const LIST_TABS = ['alerts', 'dispatches'] as const;
export type ListTab = (typeof LIST_TABS)[number];

/** What the panel beside the map shows. */
export type DetailPanel =
  | { readonly kind: 'alert'; readonly id: string }
  | { readonly kind: 'sensor'; readonly id: string }
  | { readonly kind: 'dispatch'; readonly target: { readonly kind: 'alert' | 'incident'; readonly id: string } }
  | null;

/**
 * The console's layout state: which screen, which list beside the map, which detail panel, and whether
 * the next map click picks the place of a manual incident.
 */
export class ConsoleManager {
  #view = $state<ConsoleView>('operations');
  #listTab = $state<ListTab>('alerts');
  #panel = $state.raw<DetailPanel>(null);
  #picking = $state(false);
  #pickedPoint = $state.raw<LatLon | null>(null);
  #focus = $state.raw<MapFocus | null>(null);
  /** The map's centre, for picking a point by keyboard (the centre of what is shown). */
  #mapCenter = $state.raw<LatLon | null>(null);
  #turn = 0;

  get view(): ConsoleView {
    return this.#view;
  }

  get listTab(): ListTab {
    return this.#listTab;
  }

  get panel(): DetailPanel {
    return this.#panel;
  }

  get picking(): boolean {
    return this.#picking;
  }

  /** The point picked for a new incident, while its form is open. */
  get pickedPoint(): LatLon | null {
    return this.#pickedPoint;
  }

  /** Where the map should fly (an opened alert's area). */
  get focus(): MapFocus | null {
    return this.#focus;
  }

  focusOn(bounds: readonly [number, number, number, number]): void {
    this.#focus = { kind: 'bounds', bounds, turn: ++this.#turn, padding: 60 };
  }

  get mapCenter(): LatLon | null {
    return this.#mapCenter;
  }

  setMapCenter(centre: LatLon): void {
    this.#mapCenter = centre;
  }

  show(view: ConsoleView): void {
    this.#view = view;
  }

  showList(tab: ListTab): void {
    this.#listTab = tab;
  }

  openPanel(panel: DetailPanel): void {
    this.#panel = panel;
    if (panel !== null) this.#view = 'operations';
  }

  startPicking(): void {
    this.#view = 'operations';
    this.#pickedPoint = null;
    this.#picking = true;
  }

  picked(point: LatLon): void {
    this.#picking = false;
    this.#pickedPoint = point;
  }

  cancelPicking(): void {
    this.#picking = false;
    this.#pickedPoint = null;
  }
}
