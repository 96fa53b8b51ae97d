import { Command } from 'commander';
import { loadConfig } from '../core/config';
import { createLogger } from '../core/logger';
import type { CliContext } from './commands/context';
import { registerDataCommands } from './commands/data';
import { registerIndexingCommands } from './commands/indexing';
import { registerKeyCommands } from './commands/keys';
import { registerServiceCommands } from './commands/services';
import { registerRecommendationCommands } from './commands/recommendations';
import { registerEvaluationCommands } from './commands/eval';

/** `agora <command>`: the composition root of the command line. */
export async function main(argv: string[]): Promise<void> {
  const config = loadConfig();
  const context: CliContext = { config, logger: createLogger(config, 'agora-cli') };
  const program = new Command('agora').description('Agora: search and recommendations for marketplaces').showHelpAfterError();
  for (const register of registrations) register(program, context);
  await program.parseAsync(argv);
}

type Registration = (program: Command, context: CliContext) => void;
const registrations: Registration[] = [
  registerServiceCommands,
  registerDataCommands,
  registerKeyCommands,
  registerIndexingCommands,
  registerRecommendationCommands,
  registerEvaluationCommands,
];

if (require.main === module) {
  main(process.argv).catch((error: unknown) => {
    process.stderr.write(`agora: ${error instanceof Error ? error.message : String(error)}\n`);
    process.exit(1);
  });
}
