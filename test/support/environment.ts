import { loadConfig } from '../../src/core/config';
import { createScratchWorkspace, type ScratchWorkspace } from '../../src/cli/eval/scratch-workspace';

/**
 * An isolated slice of the real services for one integration test file: its
 * own Postgres schema, index prefix and queue prefix, all removed afterwards.
 * A missing service fails the suite loudly; nothing is ever skipped.
 */
export type TestEnvironment = ScratchWorkspace;

export function createTestEnvironment(overrides: NodeJS.ProcessEnv = {}): Promise<TestEnvironment> {
  return createScratchWorkspace({
    label: 'test',
    config: loadConfig({ ...process.env, NODE_ENV: 'test', LOG_LEVEL: process.env.LOG_LEVEL ?? 'silent', ...overrides }),
  });
}
