import fs from 'node:fs';
import path from 'node:path';
import type { Command } from 'commander';
import type { Knex } from 'knex';
import { createDatabase } from '../../core/clients';
import { createApiKey, findApiKey, listApiKeys, revokeApiKey, roles, type Role } from '../../auth/api-keys';
import type { CliContext } from './context';

export function registerKeyCommands(program: Command, context: CliContext): void {
  const keys = program.command('keys').description('manage API keys');

  keys
    .command('create')
    .description('create an API key; the key itself is printed once, as the last line')
    .requiredOption('--role <role>', `one of ${roles.join(', ')}`)
    .option('--merchant <id>', 'scope an admin key to one merchant')
    .option('--label <text>', 'a note to tell keys apart')
    .action(async (options: { role: string; merchant?: string; label?: string }) => {
      if (!roles.includes(options.role as Role)) throw new Error(`--role must be one of ${roles.join(', ')}`);
      if (options.merchant && options.role !== 'admin') throw new Error('--merchant applies to admin keys only');
      const db = createDatabase(context.config);
      try {
        if (options.merchant && !(await db('merchants').where({ id: options.merchant }).first('id'))) {
          throw new Error(`unknown merchant ${options.merchant}`);
        }
        const created = await createApiKey(db, {
          role: options.role as Role,
          merchantId: options.merchant ?? null,
          label: options.label ?? null,
        });
        process.stderr.write(
          `created ${created.role} key #${created.id}${created.merchantId ? ` for merchant ${created.merchantId}` : ''}\n`,
        );
        process.stdout.write(`${created.key}\n`);
      } finally {
        await db.destroy();
      }
    });

  keys
    .command('list')
    .description('list API keys (prefixes only; keys are stored hashed)')
    .action(async () => {
      const db = createDatabase(context.config);
      try {
        for (const key of await listApiKeys(db)) {
          process.stdout.write(
            `${key.id}\t${key.prefix}…\t${key.role}\t${key.merchantId ?? '-'}\t${key.revokedAt ? 'revoked' : 'active'}\t${key.label ?? ''}\n`,
          );
        }
      } finally {
        await db.destroy();
      }
    });

  keys
    .command('demo')
    .description('print the demo keys of this machine (created on first use, saved under .agora/)')
    .action(async () => {
      const db = createDatabase(context.config);
      try {
        const demo = await ensureDemoKeys(db);
        for (const role of roles) process.stdout.write(`${role.padEnd(13)} ${demo[role]}\n`);
      } finally {
        await db.destroy();
      }
    });

  keys
    .command('revoke <id>')
    .description('revoke an API key by id')
    .action(async (id: string) => {
      const db = createDatabase(context.config);
      try {
        if (!(await revokeApiKey(db, id))) throw new Error(`no active key #${id}`);
        process.stderr.write(`revoked key #${id}\n`);
      } finally {
        await db.destroy();
      }
    });
}

/** Where `npm start` keeps the demo keys: a git-ignored local file, for a developer's laptop only. */
const demoKeysFile = path.resolve(__dirname, '../../../.agora/demo-keys.json');

/**
 * Reuses the demo keys saved by an earlier start when the database still
 * knows them; otherwise creates new ones. Keys are stored hashed, so the
 * plain keys can only come from this file.
 */
export async function ensureDemoKeys(db: Knex, file = demoKeysFile): Promise<Record<Role, string>> {
  let saved: Partial<Record<Role, string>> = {};
  try {
    saved = JSON.parse(fs.readFileSync(file, 'utf8')) as Partial<Record<Role, string>>;
  } catch {
    // No file yet: every key is created below.
  }
  const keys = {} as Record<Role, string>;
  for (const role of roles) {
    const existing = saved[role];
    const principal = existing ? await findApiKey(db, existing) : null;
    keys[role] = principal?.role === role ? existing! : (await createApiKey(db, { role, label: 'demo (npm start)' })).key;
  }
  fs.mkdirSync(path.dirname(file), { recursive: true });
  fs.writeFileSync(file, `${JSON.stringify(keys, null, 2)}\n`, { mode: 0o600 });
  return keys;
}
