import type { ApiKeyPrincipal } from '../../auth/api-keys';
import type { Logger } from '../../core/logger';
import type { StaleSource } from '../../core/last-good-value';

/** What middleware puts on `ctx.state` for the handlers after it. */
export interface AppState {
  requestId: string;
  log: Logger;
  principal?: ApiKeyPrincipal;
  /** What this response was served from stale (./middleware/stale.ts). */
  staleSources?: StaleSource[];
}
