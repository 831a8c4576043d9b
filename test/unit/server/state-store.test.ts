import { describe, expect, it } from 'vitest';
import { openStateStore } from '../../../server/store/state-store.ts';
import { AuditLog } from '../../../server/store/audit-log.ts';

describe('state store and audit log', () => {
  it('runs migrations once and keeps the audit log append-only', () => {
    const db = openStateStore(':memory:');
    const log = new AuditLog(db, () => 1000);
    const id = log.record({ actor: 'maria', action: 'alert.acknowledge', subjectType: 'alert', subjectId: 'a1', before: { state: 'firing' }, after: { state: 'acknowledged' }, sourceIp: '10.0.0.5', note: 'crew informed' });
    expect(log.query({ subjectId: 'a1' })).toEqual([
      { id, at: 1000, actor: 'maria', action: 'alert.acknowledge', subjectType: 'alert', subjectId: 'a1', before: { state: 'firing' }, after: { state: 'acknowledged' }, sourceIp: '10.0.0.5', note: 'crew informed' },
    ]);
    expect(() => db.prepare('UPDATE audit_log SET actor = ?').run('mallory')).toThrow(/append-only/);
    expect(() => db.prepare('DELETE FROM audit_log').run()).toThrow(/append-only/);
    const applied = db.prepare('SELECT count(*) AS n FROM schema_migrations').get() as { n: number };
    expect(applied.n).toBeGreaterThan(0);
  });
});
