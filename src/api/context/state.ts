import type { ApiKeyPrincipal } from '../../auth/api-keys';
import type { Logger } from '../../core/logger';

/** What middleware puts on `ctx.state` for the handlers after it. */
export interface AppState {
  requestId: string;
  log: Logger;
  principal?: ApiKeyPrincipal;
}
