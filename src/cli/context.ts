import type { Config } from '../config';
import type { Logger } from '../logger';

/** What every CLI command receives: the loaded config and a logger. Commands create the clients they need and close them. */
export interface CliContext {
  config: Config;
  logger: Logger;
}
