/**
 * Replays stored history through a draft rule set and prints what it would have fired, and what the
 * rule set in force fired over the same time (the alerts table).
 *
 *   npm run backtest -- --rules rules/drafts/wind.json --from 2024-07-15 --to 2024-07-16
 *   npm run backtest -- --rules draft.json --from 2024-07-15T06:00+03:00 --to 2024-07-15T18:00+03:00
 *
 * Uses the same configuration as the server (.env: DATA_DIR, REGION, TELEMETRY_STORE, ...) and only
 * reads. A date alone is midnight UTC; give a time with an offset for local times. The engine ticks
 * every 30 s of data time (the server: 10 s), plenty for silence and expiring fire detections.
 */
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { config as loadDotenv } from 'dotenv';
import { loadRuleSet, timeZoneOffset } from '../rules/index.ts';
import { parseConfig } from '../server/config.ts';
import { createTelemetryStore } from '../server/app.ts';
import { consoleTelemetryLogger } from '../server/telemetry/telemetry-logger.ts';
import { loadRegionFiles } from '../server/registry/region-files.ts';
import { openStateStore } from '../server/store/state-store.ts';
import { AlertStore } from '../server/alerts/alert-store.ts';
import { mergeIntoReadings, replay, type Episode, type StoredPoint } from '../server/alerts/backtest.ts';
import type { AlertRecord } from '../server/alerts/alert-record.ts';

const TICK_MS = 30_000;
const PAGE = 50_000;

function fail(message: string): never {
  console.error(`backtest: ${message}`);
  process.exit(2);
}

/** `2024-07-15` is midnight UTC that day; anything with a time may carry an offset (`+03:00`, `Z`). */
function parseInstant(text: string, flag: string): number {
  const iso = /^\d{4}-\d\d-\d\d$/.test(text) ? `${text}T00:00:00Z` : /[zZ]|[+-]\d\d:?\d\d$/.test(text) ? text : `${text}Z`;
  const ms = Date.parse(iso);
  if (!Number.isFinite(ms)) fail(`${flag} ${text}: expected a date such as 2024-07-15 or 2024-07-15T06:00+03:00`);
  return ms;
}

function table(header: readonly string[], rows: readonly (readonly string[])[]): string {
  const widths = header.map((h, i) => Math.max(h.length, ...rows.map((r) => (r[i] ?? '').length)));
  const line = (cells: readonly string[]) => `| ${cells.map((c, i) => c.padEnd(widths[i] ?? 0)).join(' | ')} |`;
  return [line(header), `|${widths.map((w) => '-'.repeat(w + 2)).join('|')}|`, ...rows.map(line)].join('\n');
}

function number(v: number): string {
  return Number.isInteger(v) ? String(v) : v.toFixed(1);
}

async function main(): Promise<void> {
  loadDotenv({ quiet: true });
  const { values } = parseArgs({
    options: { rules: { type: 'string' }, from: { type: 'string' }, to: { type: 'string' } },
    allowPositionals: false,
  });
  if (values.rules === undefined || values.from === undefined || values.to === undefined) {
    fail('usage: npm run backtest -- --rules <rule-set file> --from <date> --to <date>');
  }
  const from = parseInstant(values.from, '--from');
  const to = parseInstant(values.to, '--to');
  if (to <= from) fail('--to must be after --from');

  let text: string;
  try {
    text = readFileSync(values.rules, 'utf8');
  } catch (error) {
    fail(`cannot read ${values.rules}: ${(error as Error).message}`);
  }
  const draft = loadRuleSet(text, values.rules);
  if (!draft.ok) {
    console.error(`backtest: ${values.rules} is not a valid rule set:`);
    for (const e of draft.errors) console.error(`  ${e.file ?? values.rules}: ${e.path}${e.ruleId ? ` (rule ${e.ruleId})` : ''}: ${e.reason}`);
    process.exit(1);
  }

  const config = parseConfig(process.env);
  const files = await loadRegionFiles(config.REGIONS_DIR, config.REGION);
  const zone = files.info.timezone;
  const local = new Intl.DateTimeFormat('sv-SE', { timeZone: zone, dateStyle: 'short', timeStyle: 'short' });
  const when = (ms: number | null): string => (ms === null ? '—' : local.format(ms));

  const store = createTelemetryStore(config, consoleTelemetryLogger);
  await store.open();
  const started = performance.now();
  const series: { sensorId: string; metric: string; points: StoredPoint[] }[] = [];
  const latest = await store.latest();
  for (const l of latest) {
    for (const metric of Object.keys(l.metrics)) {
      const points: StoredPoint[] = [];
      let cursor = from;
      for (;;) {
        const page = await store.range(l.sensorId, metric, cursor, to, PAGE);
        points.push(...page);
        const last = page[page.length - 1];
        if (page.length < PAGE || last === undefined) break;
        cursor = last.ts + 1;
      }
      if (points.length > 0) series.push({ sensorId: l.sensorId, metric, points });
    }
  }
  await store.close();
  const readings = mergeIntoReadings(series);
  const result = replay(draft.rules, readings, files.sensors, { localTime: timeZoneOffset(zone), tickMs: TICK_MS, from, to });
  const seconds = (performance.now() - started) / 1000;

  const statePath = join(config.DATA_DIR, 'state.sqlite');
  let current: AlertRecord[] = [];
  if (existsSync(statePath)) {
    const db = openStateStore(statePath);
    current = new AlertStore(db).raisedBetween(from, to);
    db.close();
  }

  console.log(`\nBacktest of ${values.rules} (${draft.rules.length} rules) from ${when(from)} to ${when(to)} (${zone})`);
  console.log(`Replayed ${result.readings.toLocaleString('en')} readings of ${new Set(readings.map((r) => r.sensorId)).size} sensors in ${seconds.toFixed(1)} s; ${result.transitions} transitions.\n`);

  const episodeRow = (e: Episode): string[] => [e.ruleId, `${e.subject.type} ${e.subject.id}`, when(e.raisedAt), e.severity, `${number(e.peak)}${e.unit ? ` ${e.unit}` : ''}`, e.clearedAt === null ? 'still active' : when(e.clearedAt)];
  console.log(`Would have fired with the draft: ${result.episodes.length}`);
  if (result.episodes.length > 0) console.log(table(['rule', 'subject', 'raised', 'worst severity', 'peak', 'cleared'], result.episodes.map(episodeRow)));

  const currentRow = (a: AlertRecord): string[] => [
    a.ruleId,
    `${a.subjectType} ${a.subjectId}`,
    when(a.raisedAt),
    a.severity,
    `${number(a.peak)}${a.unit ? ` ${a.unit}` : ''}`,
    // An automatic resolution happened at data time (observedAt), like the draft's clears.
    a.resolved === null ? a.state : a.resolved.automatic ? `cleared ${when(a.observedAt)}` : `resolved by ${a.resolved.by} ${when(a.resolved.at)}`,
  ];
  console.log(`\nFired by the rule set in force (alerts table): ${current.length}`);
  if (current.length > 0) console.log(table(['rule', 'subject', 'raised', 'severity', 'peak', 'outcome'], current.map(currentRow)));

  const rules = new Set([...result.episodes.map((e) => e.ruleId), ...current.map((a) => a.ruleId), ...draft.rules.map((r) => r.id)]);
  const compare = [...rules].sort().map((id) => {
    const d = result.episodes.filter((e) => e.ruleId === id).length;
    const c = current.filter((a) => a.ruleId === id).length;
    return [id, String(d), String(c), d === c ? '' : d > c ? `+${d - c}` : `-${c - d}`];
  });
  console.log('\nPer rule');
  console.log(table(['rule', 'draft', 'in force', 'difference'], compare));
  console.log('');
}

main().catch((error: unknown) => {
  console.error('backtest: failed:', error instanceof Error ? error.message : error);
  process.exit(1);
});
