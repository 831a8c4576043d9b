/** What each hazard calls for from the contractor registry (DOMAIN.md §6), as a hint for dispatch. */

export const MACHINE_TYPES = [
  'excavator',
  'backhoe_loader',
  'bulldozer',
  'grader',
  'water_tanker',
  'tipper_truck',
  'snow_plough',
  'pump_unit',
  'generator',
] as const;
export type MachineType = (typeof MACHINE_TYPES)[number];

/** `sensor_fault` is the hazard of the monitoring network itself: offline sensors, dead gateways, flat batteries. */
export const HAZARDS = ['fire', 'flood', 'storm', 'snow', 'sensor_fault'] as const;
export type Hazard = (typeof HAZARDS)[number];

const MACHINES_BY_HAZARD: Readonly<Record<Hazard, readonly MachineType[]>> = {
  // Tankers to fight it, bulldozers and graders to cut fire breaks.
  fire: Object.freeze(['water_tanker', 'bulldozer', 'grader']),
  // Pumps for water, excavators and loaders for debris, trucks for sandbags.
  flood: Object.freeze(['pump_unit', 'excavator', 'backhoe_loader', 'tipper_truck']),
  // Fallen trees and cut power lines.
  storm: Object.freeze(['backhoe_loader', 'tipper_truck', 'generator']),
  snow: Object.freeze(['snow_plough']),
  sensor_fault: Object.freeze([]),
};

/** The machine types for a hazard, most useful first; the same frozen array every call. */
export function machineTypesFor(hazard: Hazard): readonly MachineType[] {
  return MACHINES_BY_HAZARD[hazard];
}
