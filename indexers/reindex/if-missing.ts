/** What `agora reindex --if-missing` (npm start) does about the index the alias serves. */
export type IfMissingDecision =
  { action: 'build'; message: string } | { action: 'rebuild'; message: string } | { action: 'keep'; message: string };

/**
 * Build when nothing is served; rebuild an index written by older code (its
 * strict mapping lacks fields today's documents carry); keep an index of
 * this version, and one of a newer version too (a rollback must not
 * downgrade it: `agora reindex` does that on purpose). `serving` null means
 * Elasticsearch could not say, which is an error, never a reason to rebuild.
 */
export function decideIfMissing(
  alias: string,
  serving: { targets: string[]; version: number | null } | null,
  codeVersion: number,
): IfMissingDecision {
  if (serving === null) throw new Error(`could not read the mapping of ${alias} (is Elasticsearch up? agora index status)`);
  if (serving.targets.length === 0) return { action: 'build', message: `${alias} does not exist yet: building it` };
  if (serving.version !== null && serving.version >= codeVersion) {
    const newer =
      serving.version > codeVersion ? ` (built by newer code, version ${serving.version}; this code writes ${codeVersion})` : '';
    return { action: 'keep', message: `${alias} exists already${newer}: not reindexing (run agora reindex to rebuild)` };
  }
  return {
    action: 'rebuild',
    message: `${alias} was built by index version ${serving.version ?? 'unknown'}, this code writes version ${codeVersion}: rebuilding`,
  };
}
