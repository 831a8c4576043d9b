import { z } from 'zod';
import { IdSchema, LatitudeSchema, LongitudeSchema, SensorKindSchema } from '../../../server/contracts/registry.ts';
import { METRIC_NAME } from '../../../server/contracts/metrics.ts';
import { parseDurationMs, parseOffsetMs } from '../time/relative-time.ts';

/**
 * A scenario file (data/scenarios/<name>.json): which region, when, how fast, with which seed, and the
 * events that make it interesting. Times are "+2h30m" after the start (so `--start now` moves the whole
 * scenario) or absolute RFC 3339 times.
 */

const isoWithOffset = z.iso.datetime({ offset: true });

export const ScenarioTimeSchema = z
  .string()
  .refine((t) => parseOffsetMs(t) !== null || isoWithOffset.safeParse(t).success, {
    message: 'a time: "+2h30m" after the scenario start, or RFC 3339 with an offset',
  });

export const DurationSchema = z
  .string()
  .refine((t) => parseDurationMs(t) !== null, { message: 'a duration such as "90m", "6h" or "1d12h"' });

const Percent = z.number().min(0).max(100);
const Bearing = z.number().min(0).max(360);
const NonNegative = z.number().min(0);
const Positive = z.number().positive();

export const SiteWeatherSchema = z.strictObject({
  /** Height and canopy make a site cooler or warmer than the region's reference (about -0.65 °C per 100 m). */
  tempOffsetC: z.number().min(-20).max(20).optional(),
  rhOffsetPct: z.number().min(-50).max(50).optional(),
  windFactor: z.number().min(0).max(5).optional(),
});

/** The day's climate; every field left out comes from the region's monthly normals. */
export const WeatherSchema = z.strictObject({
  tempMinC: z.number().min(-40).max(45).optional(),
  tempMaxC: z.number().min(-35).max(50).optional(),
  /** Relative humidity in the afternoon, at the temperature maximum. */
  rhAtMaxTempPct: Percent.optional(),
  rhMaxPct: Percent.optional(),
  windNightKmh: NonNegative.max(150).optional(),
  windAfternoonKmh: NonNegative.max(150).optional(),
  windNightFromDeg: Bearing.optional(),
  windAfternoonFromDeg: Bearing.optional(),
  pressureHpa: z.number().min(900).max(1080).optional(),
  /** How far one day may differ from the next, °C (seeded noise). */
  dayToDayC: NonNegative.max(10).optional(),
  sites: z.record(IdSchema, SiteWeatherSchema).optional(),
});
export type WeatherSettings = z.infer<typeof WeatherSchema>;

export const UpstreamLinkSchema = z.strictObject({
  sensorId: IdSchema,
  /** How long the flood wave takes from the upstream gauge to this one. */
  travel: DurationSchema,
  /** How much the wave spreads out on the way (attenuation); "0m" keeps its shape. */
  spread: DurationSchema.optional(),
  /** Share of the upstream excess flow that reaches this gauge. */
  share: z.number().min(0).max(2).optional(),
});

/** How a gauge answers rain and upstream water: a catchment, a unit hydrograph and a rating curve. */
export const GaugeModelSchema = z.strictObject({
  baseFlowM3s: Positive,
  baseCm: z.number().min(-500).max(3000),
  catchmentKm2: NonNegative.max(200_000).optional(),
  /** Time from rain to the peak of the runoff it causes at the gauge. */
  lag: DurationSchema.optional(),
  /** A second point of the rating curve (the first is base flow ↔ base level). */
  rating: z.strictObject({ flowM3s: Positive, levelCm: z.number() }).optional(),
  /** Shorthand for `rating`: the flow at which the gauge reaches its registry alarm level. */
  alarmAtFlowM3s: Positive.optional(),
  upstream: z.array(UpstreamLinkSchema).optional(),
  /** Also publish flow_m3s (IMGW river gauges do; small torrent gauges do not). */
  reportsFlow: z.boolean().optional(),
  noiseCm: NonNegative.max(50).optional(),
});
export type GaugeModel = z.infer<typeof GaugeModelSchema>;

const MetricValues = z
  .record(z.string().regex(METRIC_NAME, 'a metric name (lower_snake_case)'), z.union([z.number(), z.boolean()]))
  .refine((m) => Object.keys(m).length > 0, { message: 'at least one metric' });

export const StormEventSchema = z.strictObject({
  type: z.literal('storm'),
  at: ScenarioTimeSchema,
  duration: DurationSchema,
  peakRainMmH: Positive.max(300),
  windKmh: NonNegative.max(200).optional(),
  gustKmh: NonNegative.max(250).optional(),
  windFromDeg: Bearing.optional(),
  pressureDropHpa: NonNegative.max(60).optional(),
  tempDropC: NonNegative.max(25).optional(),
  /** The storm cell travels this way across the region, so rain starts earlier on one side. */
  movesTowardDeg: Bearing.optional(),
  speedKmh: Positive.max(150).optional(),
});

export const RiverFloodWaveEventSchema = z.strictObject({
  type: z.literal('river-flood-wave'),
  /** The gauge where the wave enters the simulated reach (rain fell far upstream, outside the region). */
  sensorId: IdSchema,
  peakAt: ScenarioTimeSchema,
  peakFlowM3s: Positive,
  rise: DurationSchema,
  fall: DurationSchema,
});

export const FireEventSchema = z.strictObject({
  type: z.literal('fire'),
  at: ScenarioTimeSchema,
  lat: LatitudeSchema,
  lon: LongitudeSchema,
  /** Wind driving the fire; defaults to the afternoon wind of the weather settings. */
  windKmh: NonNegative.max(150).optional(),
  windFromDeg: Bearing.optional(),
  /** Head-fire rate of spread; defaults to a Mediterranean pine forest value for the wind. */
  headSpreadMPerMin: Positive.max(300).optional(),
});

export const DropoutEventSchema = z.strictObject({
  type: z.literal('dropout'),
  sensorIds: z.array(IdSchema).min(1),
  from: ScenarioTimeSchema,
  to: ScenarioTimeSchema,
});

export const PacketLossEventSchema = z.strictObject({
  type: z.literal('packet-loss'),
  /** Which sensors lose messages; all of a gateway's when gatewayId is given; every sensor when neither is. */
  sensorIds: z.array(IdSchema).min(1).optional(),
  gatewayId: IdSchema.optional(),
  probability: z.number().min(0).max(1),
  from: ScenarioTimeSchema.optional(),
  to: ScenarioTimeSchema.optional(),
});

export const StuckEventSchema = z.strictObject({
  type: z.literal('stuck'),
  sensorId: IdSchema,
  /** Which metrics freeze; all when left out. */
  metrics: z.array(z.string().regex(METRIC_NAME)).min(1).optional(),
  from: ScenarioTimeSchema,
  to: ScenarioTimeSchema,
});

export const SpikeEventSchema = z.strictObject({
  type: z.literal('spike'),
  sensorId: IdSchema,
  at: ScenarioTimeSchema,
  /** How long the sensor reports the spike values; one reading when left out. */
  duration: DurationSchema.optional(),
  metrics: MetricValues,
});

export const LowBatteryEventSchema = z.strictObject({
  type: z.literal('low-battery'),
  sensorId: IdSchema,
  from: ScenarioTimeSchema,
  /** Time to drain from fromPct to toPct. */
  over: DurationSchema,
  fromPct: Percent.optional(),
  toPct: Percent,
});

export const GatewayOutageEventSchema = z.strictObject({
  type: z.literal('gateway-outage'),
  gatewayId: IdSchema,
  from: ScenarioTimeSchema,
  to: ScenarioTimeSchema,
  /** A native gateway keeps readings while offline and sends them as batches when it is back. */
  catchUp: z.boolean().optional(),
});

export const ScenarioEventSchema = z.discriminatedUnion('type', [
  StormEventSchema,
  RiverFloodWaveEventSchema,
  FireEventSchema,
  DropoutEventSchema,
  PacketLossEventSchema,
  StuckEventSchema,
  SpikeEventSchema,
  LowBatteryEventSchema,
  GatewayOutageEventSchema,
]);
export type ScenarioEvent = z.infer<typeof ScenarioEventSchema>;

/** What the published readings must show: used by the tests and as the scenario's documented timeline. */
export const CrossingExpectationSchema = z
  .strictObject({
    sensorId: IdSchema,
    metric: z.string().regex(METRIC_NAME),
    /** The first published value above (or below) this ... */
    above: z.number().optional(),
    below: z.number().optional(),
    /** ... is published no earlier than this ... */
    after: ScenarioTimeSchema,
    /** ... and no later than this. */
    before: ScenarioTimeSchema,
    note: z.string().optional(),
  })
  .refine((c) => (c.above === undefined) !== (c.below === undefined), { message: 'give exactly one of "above" and "below"' });

export const BoundExpectationSchema = z.strictObject({
  sensorIds: z.array(IdSchema).min(1).optional(),
  kinds: z.array(SensorKindSchema).min(1).optional(),
  exceptSensorIds: z.array(IdSchema).optional(),
  metric: z.string().regex(METRIC_NAME),
  min: z.number().optional(),
  max: z.number().optional(),
  note: z.string().optional(),
});

export const OrderExpectationSchema = z.strictObject({
  metric: z.string().regex(METRIC_NAME),
  above: z.number(),
  /** These sensors first exceed `above` in exactly this order. */
  sensorIds: z.array(IdSchema).min(2),
  note: z.string().optional(),
});

export const ExpectationsSchema = z.strictObject({
  crossings: z.array(CrossingExpectationSchema).optional(),
  bounds: z.array(BoundExpectationSchema).optional(),
  order: z.array(OrderExpectationSchema).optional(),
});
export type ScenarioExpectations = z.infer<typeof ExpectationsSchema>;

export const ScenarioSchema = z.strictObject({
  $schema: z.string().optional(),
  name: IdSchema,
  title: z.string().min(1),
  description: z.string().min(1),
  region: IdSchema,
  /** Simulate only these sensors; all of the region's when left out. */
  sensors: z.array(IdSchema).min(1).optional(),
  start: z.union([z.literal('now'), isoWithOffset], { message: '"now" or an RFC 3339 time with an offset' }),
  /** Simulated time span; the run goes on until stopped when left out. */
  duration: DurationSchema.optional(),
  /** Simulated seconds per wall-clock second. */
  speed: z.number().positive().max(1_000_000).default(1),
  seed: z.number().int().min(0).max(4_294_967_295).default(1),
  /** Every sensor reports this often (simulated seconds) instead of its registry interval: livelier demos. */
  intervalS: z.number().min(0.5).max(86_400).optional(),
  /** Per-sensor report intervals, e.g. gauges reporting faster during a flood. */
  intervals: z.record(IdSchema, z.number().min(0.5).max(86_400)).optional(),
  /** Which time the messages carry; "auto" = simulated unless that would run ahead of the wall clock. */
  timestamps: z.enum(['auto', 'simulated', 'wall']).default('auto'),
  weather: WeatherSchema.optional(),
  hydrology: z.strictObject({ gauges: z.record(IdSchema, GaugeModelSchema) }).optional(),
  /**
   * Fuel moisture codes the season has reached (Canadian FWI). The simulator does not compute the FWI;
   * the server's rule engine needs these as its starting point to reproduce the scenario's danger class.
   */
  fireSeason: z.strictObject({ ffmc: z.number().min(0).max(101), dmc: NonNegative, dc: NonNegative }).optional(),
  events: z.array(ScenarioEventSchema).default([]),
  expectations: ExpectationsSchema.optional(),
});
export type ScenarioFile = z.input<typeof ScenarioSchema>;
export type Scenario = z.output<typeof ScenarioSchema>;
