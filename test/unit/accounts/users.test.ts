import { describe, expect, it } from 'vitest';
import { UserDirectory } from '../../../server/accounts/users.ts';
import { verifyUserPassword } from '../../../server/accounts/password-hash.ts';
import { ManualClock, memoryDb } from './fixtures.ts';

const PASSWORD = 'olive grove thunder lamp';

describe('user directory', () => {
  it('stores a scrypt hash, never the password, and never returns the hash with a user', async () => {
    const db = memoryDb();
    const users = new UserDirectory(db, new ManualClock().now);
    const user = await users.create({ username: 'Maria', displayName: 'Maria K.', role: 'operator', password: PASSWORD });
    expect(user.username).toBe('maria');
    expect(JSON.stringify(db.prepare('SELECT * FROM users').all())).not.toContain(PASSWORD);
    expect(Object.keys(user)).not.toContain('passwordHash');
    const found = users.byUsername('MARIA');
    expect(found?.user).toEqual(user);
    expect(await verifyUserPassword(PASSWORD, found?.passwordHash ?? '')).toBe(true);
  });

  it('refuses a taken user name, whatever its case', async () => {
    const users = new UserDirectory(memoryDb());
    await users.create({ username: 'maria', displayName: 'Maria', role: 'viewer', password: PASSWORD });
    await expect(users.create({ username: 'MARIA', displayName: 'Other', role: 'viewer', password: PASSWORD })).rejects.toMatchObject({ code: 'username_taken' });
  });

  it('always keeps one enabled admin', async () => {
    const users = new UserDirectory(memoryDb());
    const admin = await users.create({ username: 'admin', displayName: 'Admin', role: 'admin', password: PASSWORD });
    expect(() => users.update(admin.id, { role: 'operator' })).toThrow(expect.objectContaining({ code: 'last_admin' }));
    expect(() => users.update(admin.id, { disabled: true })).toThrow(expect.objectContaining({ code: 'last_admin' }));
    expect(() => users.remove(admin.id)).toThrow(expect.objectContaining({ code: 'last_admin' }));
    const second = await users.create({ username: 'admin2', displayName: 'Admin 2', role: 'admin', password: PASSWORD });
    users.update(second.id, { disabled: true });
    expect(() => users.update(admin.id, { role: 'viewer' })).toThrow(expect.objectContaining({ code: 'last_admin' }));
    users.update(second.id, { disabled: false });
    expect(users.update(admin.id, { role: 'viewer' }).after.role).toBe('viewer');
  });

  it('reports before and after of an update and tells listeners', async () => {
    const clock = new ManualClock();
    const users = new UserDirectory(memoryDb(), clock.now);
    const user = await users.create({ username: 'nikos', displayName: 'Nikos', role: 'viewer', password: PASSWORD });
    const changed: string[] = [];
    users.onChanged((id) => changed.push(id));
    clock.advance(1000);
    const { before, after } = users.update(user.id, { displayName: 'Nikos P.', disabled: true });
    expect(before).toEqual(user);
    expect(after).toMatchObject({ displayName: 'Nikos P.', disabledAt: clock.t, updatedAt: clock.t });
    expect(changed).toEqual([user.id]);
  });

  it('keeps text exactly as given (parameterised SQL)', async () => {
    const db = memoryDb();
    const users = new UserDirectory(db);
    const hostile = `Robert'); DROP TABLE users; -- <script>alert(1)</script>`;
    const user = await users.create({ username: 'bobby', displayName: hostile, role: 'viewer', password: PASSWORD });
    expect(users.get(user.id)?.displayName).toBe(hostile);
    expect(users.count()).toBe(1);
  });
});
