import fs from 'node:fs';
import path from 'node:path';
import type { Command } from 'commander';
import type { Knex } from 'knex';
import { createDatabase, createRedis } from '../../core/clients';
import { createApiKey, findApiKey, listApiKeys, revokeApiKey, roles, type Role } from '../../auth/api-keys';
import { publishRevocation } from '../../auth/authenticator';
import { deriveCustomerKey } from '../../auth/customer-keys';
import { parseDuration } from '../../auth/durations';
import type { CliContext } from './context';

export function registerKeyCommands(program: Command, context: CliContext): void {
  const keys = program.command('keys').description('manage API keys');

  keys
    .command('create')
    .description('create an API key; the key itself is printed once, as the last line')
    .requiredOption('--role <role>', `one of ${roles.join(', ')}`)
    .option('--merchant <id>', 'scope an admin key to one merchant')
    .option('--label <text>', 'a note to tell keys apart')
    .option('--expires <when>', 'stop working after a time (30d, 12h) or at an ISO 8601 date-time')
    .action(async (options: { role: string; merchant?: string; label?: string; expires?: string }) => {
      if (!roles.includes(options.role as Role)) throw new Error(`--role must be one of ${roles.join(', ')}`);
      if (options.merchant && options.role !== 'admin') throw new Error('--merchant applies to admin keys only');
      const expiresAt = options.expires === undefined ? null : expiryOf(options.expires);
      const db = createDatabase(context.config);
      try {
        if (options.merchant && !(await db('merchants').where({ id: options.merchant }).first('id'))) {
          throw new Error(`unknown merchant ${options.merchant}`);
        }
        const created = await createApiKey(db, {
          role: options.role as Role,
          merchantId: options.merchant ?? null,
          label: options.label ?? null,
          expiresAt,
        });
        process.stderr.write(
          `created ${created.role} key #${created.id}${created.merchantId ? ` for merchant ${created.merchantId}` : ''}` +
            `${expiresAt ? `, expiring ${expiresAt.toISOString()}` : ''}\n`,
        );
        process.stdout.write(`${created.key}\n`);
      } finally {
        await db.destroy();
      }
    });

  keys
    .command('list')
    .description('list API keys (prefixes only; keys are stored hashed): id, prefix, role, merchant, state, last used, label')
    .action(async () => {
      const db = createDatabase(context.config);
      try {
        for (const key of await listApiKeys(db)) {
          const state = key.revokedAt
            ? 'revoked'
            : key.expiresAt && key.expiresAt.getTime() <= Date.now()
              ? 'expired'
              : key.expiresAt
                ? `active until ${key.expiresAt.toISOString()}`
                : 'active';
          const lastUsed = key.lastUsedAt ? key.lastUsedAt.toISOString() : 'never used';
          process.stdout.write(
            `${key.id}\t${key.prefix}…\t${key.role}\t${key.merchantId ?? '-'}\t${state}\t${lastUsed}\t${key.label ?? ''}\n`,
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
    .description('revoke an API key by id, at once in every running API process')
    .action(async (id: string) => {
      if (!/^\d{1,18}$/.test(id)) throw new Error('key ids are numbers (agora keys list)');
      const db = createDatabase(context.config);
      const redis = createRedis(context.config);
      try {
        if (!(await revokeApiKey(db, id))) throw new Error(`no active key #${id}`);
        try {
          await publishRevocation(redis, context.config.indexPrefix, id);
          process.stderr.write(`revoked key #${id}\n`);
        } catch (error) {
          process.stderr.write(
            `revoked key #${id}; Redis did not pass it on (${String(error)}), so running API processes drop it within API_KEY_CACHE_TTL_MS\n`,
          );
        }
      } finally {
        await db.destroy();
        redis.disconnect();
      }
    });

  keys
    .command('derive')
    .description(
      'sign a customer key offline, as a storefront server does at sign-in: reads the signing key (agora keys create --role signing) from --key-file or standard input, prints the customer key',
    )
    .requiredOption('--customer <id>', 'the customer the key is bound to')
    .option('--ttl <duration>', 'how long it works: 90s, 30m, 1h, 7d (the API refuses more than CUSTOMER_KEY_MAX_TTL_SECONDS)', '1h')
    .option('--key-file <file>', 'a file holding the signing key (default: standard input)')
    .option(
      '--merchant <id>',
      'restrict every product the key sees to this merchant (repeat or comma-separate for several)',
      collectIds,
      [],
    )
    .option('--category <id>', 'restrict to this category and its descendants (repeat or comma-separate)', collectIds, [])
    .option('--brand <id>', 'restrict to this brand (repeat or comma-separate)', collectIds, [])
    .action((options: { customer: string; ttl: string; keyFile?: string; merchant: string[]; category: string[]; brand: string[] }) => {
      const ttlSeconds = parseDuration(options.ttl);
      if (ttlSeconds === null) throw new Error('--ttl: give a length such as 90s, 30m, 1h or 7d');
      if (options.keyFile === undefined && process.stdin.isTTY) throw new Error('pipe the signing key in, or give --key-file');
      // Read from a file or a pipe, never from the command line, where it would show in ps and shell history.
      const signingKey = fs.readFileSync(options.keyFile ?? 0, 'utf8').trim();
      const filters = { merchantIds: options.merchant, categoryIds: options.category, brandIds: options.brand };
      const key = deriveCustomerKey(signingKey, { customerId: options.customer, ttlSeconds, filters });
      const restricted = Object.entries({ merchants: options.merchant, categories: options.category, brands: options.brand })
        .filter(([, ids]) => ids.length > 0)
        .map(([name, ids]) => `${name} ${ids.join(', ')}`);
      process.stderr.write(
        `customer key for ${options.customer}, valid until ${new Date(Date.now() + ttlSeconds * 1000).toISOString()}` +
          `${restricted.length > 0 ? `, restricted to ${restricted.join('; ')}` : ''}\n`,
      );
      process.stdout.write(`${key}\n`);
    });
}

/** A repeatable `--merchant`/`--category`/`--brand`: every value, commas splitting one into several. */
function collectIds(value: string, previous: string[]): string[] {
  return [...previous, ...value.split(',').filter((id) => id !== '')];
}

/** `--expires`: a length of time from now (30d) or an ISO 8601 date-time, in the future. */
function expiryOf(text: string): Date {
  const seconds = parseDuration(text);
  const at = seconds !== null ? new Date(Date.now() + seconds * 1000) : /^\d{4}-\d{2}-\d{2}T/.test(text) ? new Date(text) : null;
  if (at === null || Number.isNaN(at.getTime())) throw new Error('--expires: give a length (30d, 12h) or an ISO 8601 date-time');
  if (at.getTime() <= Date.now()) throw new Error('--expires must be in the future');
  return at;
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
