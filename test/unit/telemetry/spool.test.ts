import { mkdtemp, readdir, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { Spool } from '../../../server/telemetry/spool.ts';

let dir: string;
const spools: Spool[] = [];

beforeEach(async () => {
  dir = await mkdtemp(join(tmpdir(), 'skopia-spool-unit-'));
});

afterEach(async () => {
  spools.splice(0).forEach((s) => s.close());
  await rm(dir, { recursive: true, force: true });
});

async function openSpool(): Promise<Spool> {
  const spool = new Spool(dir);
  await spool.open();
  spools.push(spool);
  return spool;
}

describe('Spool', () => {
  it('stores batches as files named by sequence and point count, oldest first', async () => {
    const spool = await openSpool();
    const a = spool.takeSeq();
    const b = spool.takeSeq();
    const c = spool.takeSeq();
    // A newer batch can reach the disk first (overflow while an older one was in flight).
    spool.writeSync(c, 'c1\nc2', 2);
    await spool.write(a, 'a1', 1);
    await spool.write(b, 'b1\nb2\nb3', 3);

    expect(spool.depth).toBe(3);
    expect(spool.points).toBe(6);
    expect((await readdir(dir)).filter((n) => n.endsWith('.lp')).sort()).toEqual([
      '0000000000000001-1.lp',
      '0000000000000002-3.lp',
      '0000000000000003-2.lp',
    ]);
    const oldest = spool.oldest();
    expect(oldest?.seq).toBe(a);
    expect(await spool.read(oldest ?? { seq: 0, points: 0, file: '' })).toBe('a1');
  });

  it('forgets a batch once removed', async () => {
    const spool = await openSpool();
    await spool.write(spool.takeSeq(), 'a', 1);
    await spool.write(spool.takeSeq(), 'b\nc', 2);
    const first = spool.oldest();
    if (first === undefined) throw new Error('expected a batch');
    await spool.remove(first);
    expect(spool.depth).toBe(1);
    expect(spool.points).toBe(2);
    expect(spool.oldest()?.seq).toBe(2);
  });

  it('finds what a previous run left, drops torn .tmp files and continues the sequence', async () => {
    const first = await openSpool();
    for (let i = 0; i < 3; i++) await first.write(first.takeSeq(), `line${i}`, 1);
    first.close();
    await writeFile(join(dir, '0000000000000004-1.lp.tmp'), 'half a bat');

    const second = await openSpool();
    expect(second.depth).toBe(3);
    expect(second.oldest()?.seq).toBe(1);
    expect(second.takeSeq()).toBe(4);
    expect((await readdir(dir)).some((n) => n.endsWith('.tmp'))).toBe(false);
  });

  it('moves a refused batch to the dead-letter directory with the reason as a comment line', async () => {
    const spool = await openSpool();
    await spool.write(spool.takeSeq(), 'telemetry,sensor=a x=1 1', 1);
    const entry = spool.oldest();
    if (entry === undefined) throw new Error('expected a batch');
    const file = await spool.deadLetter(entry, 'HTTP 400:\nfield type conflict');
    expect(spool.depth).toBe(0);
    expect(spool.deadLettered).toBe(1);
    expect(file).toBe(join(dir, 'dead-letter', '0000000000000001.lp'));
    expect(await readFile(file, 'utf8')).toMatch(/^# \S+ HTTP 400: field type conflict\ntelemetry,sensor=a x=1 1\n$/);

    await spool.deadLetterBatch(spool.takeSeq(), 'telemetry,sensor=b x=1 1\n', 'bad');
    expect(await readdir(join(dir, 'dead-letter'))).toHaveLength(2);
  });

  it('belongs to one store at a time', async () => {
    await openSpool();
    await expect(new Spool(dir).open()).rejects.toMatchObject({ code: 'telemetry_spool_locked' });
  });

  it('takes over the lock of a process that died', async () => {
    await rm(join(dir, 'spool.lock'), { force: true });
    await writeFile(join(dir, 'spool.lock'), '2147483646');
    const spool = await openSpool();
    expect(spool.depth).toBe(0);
    expect(await readFile(join(dir, 'spool.lock'), 'utf8')).toBe(String(process.pid));
  });
});
