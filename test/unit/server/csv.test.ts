import { describe, expect, it } from 'vitest';
import { parseCsv, parseCsvRecords, toCsv } from '../../../server/lib/csv.ts';

describe('csv', () => {
  it.each([
    ['a,b\n1,2\n', [['a', 'b'], ['1', '2']]],
    ['a,b\r\n1,2', [['a', 'b'], ['1', '2']]],
    ['"x, y","say ""hi"""\n', [['x, y', 'say "hi"']]],
    ['"multi\nline",2\n', [['multi\nline', '2']]],
    ['\ufeffid\n1\n', [['id'], ['1']]],
    ['a,,c\n', [['a', '', 'c']]],
  ])('parses %j', (text, rows) => {
    expect(parseCsv(text)).toEqual(rows);
  });

  it('round-trips records through toCsv', () => {
    const text = toCsv(['name', 'note'], [['Πολύγυρος', 'seat, "main"'], ['Vavdos', null]]);
    expect(parseCsvRecords(text).records).toEqual([
      { name: 'Πολύγυρος', note: 'seat, "main"' },
      { name: 'Vavdos', note: '' },
    ]);
  });
});
