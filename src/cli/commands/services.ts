import path from 'node:path';
import { spawnSync } from 'node:child_process';
import type { Command } from 'commander';
import type { CliContext } from './context';

const script = path.resolve(__dirname, '../../../scripts/services.sh');

/** `agora services up|down|status`: the same script `npm start` and CI use. */
export function registerServiceCommands(program: Command, context: CliContext): void {
  void context;
  program
    .command('services <action>')
    .description('start, stop or check the local Elasticsearch, Postgres and Redis (up | down | status)')
    .action((action: string) => {
      if (!['up', 'down', 'status'].includes(action)) throw new Error('services takes up, down or status');
      const result = spawnSync('bash', [script, action], { stdio: 'inherit' });
      if (result.status !== 0) process.exitCode = result.status ?? 1;
    });
}
