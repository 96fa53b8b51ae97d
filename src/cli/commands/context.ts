import type { Config } from '../../core/config';
import type { Logger } from '../../core/logger';

/** What every CLI command receives: the loaded config and a logger. Commands create the clients they need and close them. */
export interface CliContext {
  config: Config;
  logger: Logger;
}
