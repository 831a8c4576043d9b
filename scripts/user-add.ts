/**
 * Creates a user, or resets a user's password, from the server's shell: how the first admin is made
 * (there is no default account or password anywhere).
 *
 *   npm run user:add -- <username> [--role admin|operator|viewer] [--name "Display Name"] [--password-stdin]
 *   npm run user:add -- <username> --reset [--password-stdin]      new password, sessions ended, lockout lifted
 *
 * On a terminal the password is asked twice, without echo. Otherwise (or with --password-stdin) it is
 * read from standard input, e.g. `printf '%s' "$PASSWORD" | npm run user:add -- maria --password-stdin`.
 * --role defaults to admin for the first user and must be given after that.
 */
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { config as loadDotenv } from 'dotenv';
import { parseConfig } from '../server/config.ts';
import { openStateStore } from '../server/store/state-store.ts';
import { AuditLog } from '../server/store/audit-log.ts';
import { UserDirectory } from '../server/accounts/users.ts';
import { SessionStore } from '../server/accounts/sessions.ts';
import { forgetLoginFailures } from '../server/accounts/login-throttle.ts';
import { assertStrongPassword } from '../server/accounts/accounts.ts';
import { DisplayNameSchema, RoleSchema, UsernameSchema } from '../server/contracts/accounts.ts';
import { SkopiaError } from '../server/errors.ts';

function fail(message: string): never {
  console.error(`user:add: ${message}`);
  process.exit(2);
}

async function readAll(stream: NodeJS.ReadStream): Promise<string> {
  const chunks: Buffer[] = [];
  for await (const chunk of stream) chunks.push(Buffer.isBuffer(chunk) ? chunk : Buffer.from(String(chunk)));
  return Buffer.concat(chunks).toString('utf8').replace(/\r?\n$/, '');
}

/** Reads one line from the terminal without echoing it. */
function askHidden(prompt: string): Promise<string> {
  const stdin = process.stdin;
  // Echo off before the prompt shows, so nothing typed after seeing it can be echoed.
  stdin.setRawMode(true);
  process.stderr.write(prompt);
  stdin.resume();
  stdin.setEncoding('utf8');
  return new Promise((resolve, reject) => {
    let value = '';
    const done = (error?: Error): void => {
      stdin.setRawMode(false);
      stdin.pause();
      stdin.removeListener('data', onData);
      process.stderr.write('\n');
      if (error) reject(error);
      else resolve(value);
    };
    const onData = (chunk: string): void => {
      for (const ch of chunk) {
        if (ch === '\r' || ch === '\n') return done();
        if (ch === '\u0003' || ch === '\u0004') return done(new Error('cancelled'));
        if (ch === '\u007f' || ch === '\b') value = value.slice(0, -1);
        else value += ch;
      }
    };
    stdin.on('data', onData);
  });
}

async function readPassword(fromStdin: boolean): Promise<string> {
  if (fromStdin || !process.stdin.isTTY) return readAll(process.stdin);
  const first = await askHidden('New password (at least 12 characters; a few unrelated words make a good one): ');
  const second = await askHidden('The same password again: ');
  if (first !== second) fail('the two passwords differ; nothing was changed');
  return first;
}

async function main(): Promise<void> {
  loadDotenv({ quiet: true });
  const { values, positionals } = parseArgs({
    allowPositionals: true,
    options: {
      role: { type: 'string' },
      name: { type: 'string' },
      reset: { type: 'boolean', default: false },
      'password-stdin': { type: 'boolean', default: false },
    },
  });
  if (positionals.length !== 1) fail('usage: npm run user:add -- <username> [--role admin|operator|viewer] [--name "Display Name"] [--reset] [--password-stdin]');
  const username = UsernameSchema.safeParse(positionals[0]);
  if (!username.success) fail(`username: ${username.error.issues[0]?.message ?? 'invalid'}`);
  const config = parseConfig(process.env);
  const db = openStateStore(join(config.DATA_DIR, 'state.sqlite'));
  const users = new UserDirectory(db);
  const audit = new AuditLog(db);
  const actor = `cli:${process.env.USER ?? 'unknown'}`;
  try {
    const existing = users.byUsername(username.data)?.user;
    if (values.reset) {
      if (!existing) fail(`there is no user "${username.data}"; leave out --reset to create it`);
      const password = await readPassword(values['password-stdin']);
      assertStrongPassword(password, [existing.username, existing.displayName]);
      await users.setPassword(existing.id, password);
      // The session policy does not matter for ending sessions.
      new SessionStore(db, { ttlMs: 1, idleMs: 1 }).endAllOf(existing.id);
      forgetLoginFailures(db, existing.username);
      audit.record({ actor, action: 'user.password.reset', subjectType: 'user', subjectId: existing.id, note: 'from the command line; sessions ended, lockout lifted' });
      console.log(`Password of ${existing.username} changed; their sessions have ended and any lockout is lifted.`);
      return;
    }
    if (existing) fail(`the user "${username.data}" exists; add --reset to give it a new password`);
    const firstUser = users.count() === 0;
    if (values.role === undefined && !firstUser) fail('say which role: --role viewer, --role operator or --role admin');
    const role = RoleSchema.safeParse(values.role ?? 'admin');
    if (!role.success) fail('--role must be viewer, operator or admin');
    const displayName = DisplayNameSchema.safeParse(values.name ?? username.data);
    if (!displayName.success) fail(`--name: ${displayName.error.issues[0]?.message ?? 'invalid'}`);
    const password = await readPassword(values['password-stdin']);
    assertStrongPassword(password, [username.data, displayName.data]);
    const user = await users.create({ username: username.data, displayName: displayName.data, role: role.data, password });
    audit.record({ actor, action: 'user.create', subjectType: 'user', subjectId: user.id, after: user, note: 'from the command line' });
    console.log(`Created ${user.role} ${user.username} (${user.displayName}). Sign in at the dashboard.`);
  } finally {
    db.close();
  }
}

main().catch((error: unknown) => fail(error instanceof SkopiaError ? error.message : (error as Error).message));
