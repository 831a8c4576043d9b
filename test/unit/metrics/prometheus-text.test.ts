import { describe, expect, it } from 'vitest';
import { counter, escapeHelp, escapeLabelValue, formatPrometheus, formatValue, gauge, summary, type MetricFamily } from '../../../server/metrics/prometheus-text.ts';

describe('escaping', () => {
  it.each([
    ['plain', 'plain'],
    ['back\\slash', 'back\\\\slash'],
    ['two\nlines', 'two\\nlines'],
    ['"quotes" stay in HELP', '"quotes" stay in HELP'],
  ])('HELP %j', (text, expected) => {
    expect(escapeHelp(text)).toBe(expected);
  });

  it.each([
    ['plain', 'plain'],
    ['say "hi"', 'say \\"hi\\"'],
    ['C:\\data', 'C:\\\\data'],
    ['a\nb', 'a\\nb'],
    ['\\"\n', '\\\\\\"\\n'],
    ['ελληνικά', 'ελληνικά'],
  ])('label value %j', (value, expected) => {
    expect(escapeLabelValue(value)).toBe(expected);
  });
});

describe('formatValue', () => {
  it.each([
    [0, '0'],
    [42, '42'],
    [-3, '-3'],
    [0.25, '0.25'],
    [1e-7, '1e-7'],
    [1.5e21, '1.5e+21'],
    [NaN, 'NaN'],
    [Infinity, '+Inf'],
    [-Infinity, '-Inf'],
  ])('%s', (value, expected) => {
    expect(formatValue(value)).toBe(expected);
  });
});

describe('formatPrometheus', () => {
  it('writes HELP and TYPE once per family, then its samples, with a final line feed', () => {
    const text = formatPrometheus([
      counter('app_requests_total', 'Requests.\nSecond line.', [
        { labels: { method: 'GET', path: '/a "b"' }, value: 3 },
        { labels: { method: 'POST', path: '/c' }, value: 1 },
      ]),
      gauge('app_up', 'Up.', 1),
    ]);
    expect(text).toBe(
      [
        '# HELP app_requests_total Requests.\\nSecond line.',
        '# TYPE app_requests_total counter',
        'app_requests_total{method="GET",path="/a \\"b\\""} 3',
        'app_requests_total{method="POST",path="/c"} 1',
        '# HELP app_up Up.',
        '# TYPE app_up gauge',
        'app_up 1',
        '',
      ].join('\n'),
    );
  });

  it('writes a summary as quantiles, then _sum and _count, and leaves out unknown quantiles', () => {
    const text = formatPrometheus([
      summary('rpc_seconds', 'RPC time.', [
        { labels: { service: 'a' }, quantiles: [[0.5, 0.01], [0.99, null]], sum: 1.5, count: 20 },
        { quantiles: [[0.5, 0.2]] },
      ]),
    ]);
    expect(text.split('\n')).toEqual([
      '# HELP rpc_seconds RPC time.',
      '# TYPE rpc_seconds summary',
      'rpc_seconds{service="a",quantile="0.5"} 0.01',
      'rpc_seconds_sum{service="a"} 1.5',
      'rpc_seconds_count{service="a"} 20',
      'rpc_seconds{quantile="0.5"} 0.2',
      '',
    ]);
  });

  it('keeps a family with no samples (its HELP and TYPE say what will come)', () => {
    expect(formatPrometheus([gauge('later_seconds', 'Not known yet.', [])])).toBe('# HELP later_seconds Not known yet.\n# TYPE later_seconds gauge\n');
  });

  it('writes nothing for no families', () => {
    expect(formatPrometheus([])).toBe('');
  });

  const bad: [string, MetricFamily, string][] = [
    ['a name starting with a digit', gauge('1st', 'x', 1), 'metric_name_invalid'],
    ['a name with a dash', gauge('a-b', 'x', 1), 'metric_name_invalid'],
    ['a label name with a dash', gauge('a', 'x', [{ labels: { 'le-x': '1' }, value: 1 }]), 'metric_label_invalid'],
    ['a reserved label name', gauge('a', 'x', [{ labels: { __name__: 'b' }, value: 1 }]), 'metric_label_invalid'],
    ['a negative counter', counter('a_total', 'x', -1), 'metric_counter_negative'],
    ['_sum on a gauge', { name: 'a', help: 'x', type: 'gauge', samples: [{ value: 1, suffix: '_sum' }] }, 'metric_suffix_invalid'],
    ['a summary sample without quantile', { name: 'a', help: 'x', type: 'summary', samples: [{ value: 1 }] }, 'metric_quantile_missing'],
  ];
  it.each(bad)('refuses %s', (_what, family, code) => {
    expect(() => formatPrometheus([family])).toThrow(expect.objectContaining({ code }));
  });

  it('refuses the same family twice', () => {
    expect(() => formatPrometheus([gauge('a', 'x', 1), gauge('a', 'y', 2)])).toThrow(expect.objectContaining({ code: 'metric_duplicate' }));
  });
});
