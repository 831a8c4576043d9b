/**
 * The Prometheus text exposition format (version 0.0.4), written by hand: a few dozen lines instead of a
 * dependency. Pure: metric families in, text out. See
 * https://prometheus.io/docs/instrumenting/exposition_formats/ for the grammar followed here.
 */
import { SkopiaError } from '../errors.ts';

export const PROMETHEUS_CONTENT_TYPE = 'text/plain; version=0.0.4; charset=utf-8';

export type MetricType = 'counter' | 'gauge' | 'summary';
export type Labels = Readonly<Record<string, string>>;

export interface Sample {
  readonly labels?: Labels;
  readonly value: number;
  /** A summary's `_sum` and `_count` series; its quantiles carry a `quantile` label and no suffix. */
  readonly suffix?: '_sum' | '_count';
}

export interface MetricFamily {
  readonly name: string;
  readonly help: string;
  readonly type: MetricType;
  readonly samples: readonly Sample[];
}

const METRIC_NAME = /^[a-zA-Z_:][a-zA-Z0-9_:]*$/;
const LABEL_NAME = /^[a-zA-Z_][a-zA-Z0-9_]*$/;

/** HELP text: backslash and line feed are escaped. */
export function escapeHelp(text: string): string {
  return text.replace(/\\/g, '\\\\').replace(/\n/g, '\\n');
}

/** Label values: backslash, double quote and line feed are escaped. */
export function escapeLabelValue(value: string): string {
  return value.replace(/\\/g, '\\\\').replace(/"/g, '\\"').replace(/\n/g, '\\n');
}

/** Go's ParseFloat spellings for the non-finite values; JavaScript's own for the rest. */
export function formatValue(value: number): string {
  if (Number.isNaN(value)) return 'NaN';
  if (value === Infinity) return '+Inf';
  if (value === -Infinity) return '-Inf';
  return String(value);
}

function formatLabels(labels: Labels | undefined, family: string): string {
  if (labels === undefined) return '';
  const names = Object.keys(labels);
  if (names.length === 0) return '';
  const parts = names.map((name) => {
    if (!LABEL_NAME.test(name) || name.startsWith('__')) {
      throw new SkopiaError('metric_label_invalid', `Metric ${family}: label name "${name}" is not allowed; use letters, digits and "_", not starting with "__".`);
    }
    return `${name}="${escapeLabelValue(labels[name] ?? '')}"`;
  });
  return `{${parts.join(',')}}`;
}

function checkFamily(f: MetricFamily): void {
  if (!METRIC_NAME.test(f.name)) {
    throw new SkopiaError('metric_name_invalid', `Metric name "${f.name}" is not allowed; use letters, digits, "_" and ":", not starting with a digit.`);
  }
  for (const s of f.samples) {
    if (s.suffix !== undefined && f.type !== 'summary') {
      throw new SkopiaError('metric_suffix_invalid', `Metric ${f.name}: only a summary has _sum and _count series.`);
    }
    if (f.type === 'summary' && s.suffix === undefined && s.labels?.quantile === undefined) {
      throw new SkopiaError('metric_quantile_missing', `Metric ${f.name}: a summary sample needs a quantile label, or the _sum or _count suffix.`);
    }
    if (f.type === 'counter' && (s.value < 0 || Number.isNaN(s.value))) {
      throw new SkopiaError('metric_counter_negative', `Metric ${f.name}: a counter cannot be negative or NaN (got ${s.value}).`);
    }
  }
}

/** The exposition text: one HELP and TYPE per family, then its samples; families in the order given. */
export function formatPrometheus(families: readonly MetricFamily[]): string {
  const seen = new Set<string>();
  const lines: string[] = [];
  for (const f of families) {
    checkFamily(f);
    if (seen.has(f.name)) throw new SkopiaError('metric_duplicate', `Metric ${f.name} is listed twice; each family must appear once.`);
    seen.add(f.name);
    lines.push(`# HELP ${f.name} ${escapeHelp(f.help)}`, `# TYPE ${f.name} ${f.type}`);
    for (const s of f.samples) lines.push(`${f.name}${s.suffix ?? ''}${formatLabels(s.labels, f.name)} ${formatValue(s.value)}`);
  }
  return lines.length === 0 ? '' : `${lines.join('\n')}\n`;
}

// --- small builders, so collectors read as a list of metrics ---------------------------------------

export function counter(name: string, help: string, samples: number | readonly Sample[]): MetricFamily {
  return { name, help, type: 'counter', samples: typeof samples === 'number' ? [{ value: samples }] : samples };
}

export function gauge(name: string, help: string, samples: number | readonly Sample[]): MetricFamily {
  return { name, help, type: 'gauge', samples: typeof samples === 'number' ? [{ value: samples }] : samples };
}

export interface SummaryInput {
  readonly labels?: Labels;
  /** Quantile (0..1) → value; a null value (no data yet) is left out. */
  readonly quantiles: readonly (readonly [number, number | null])[];
  readonly sum?: number;
  readonly count?: number;
}

/** A summary; several label sets may share one family. `_sum` and `_count` only when known. */
export function summary(name: string, help: string, inputs: readonly SummaryInput[]): MetricFamily {
  const samples: Sample[] = [];
  for (const input of inputs) {
    const labels = input.labels ?? {};
    for (const [q, v] of input.quantiles) if (v !== null) samples.push({ labels: { ...labels, quantile: String(q) }, value: v });
    if (input.sum !== undefined) samples.push({ labels, value: input.sum, suffix: '_sum' });
    if (input.count !== undefined) samples.push({ labels, value: input.count, suffix: '_count' });
  }
  return { name, help, type: 'summary', samples };
}
