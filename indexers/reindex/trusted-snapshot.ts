import { randomBytes } from 'node:crypto';
import type { Knex } from 'knex';
import { SnapshotReader, SnapshotWriter, snapshotPath } from './snapshot';

export interface ReindexSnapshot {
  /** The last reindex's bodies, if they were written for this database; null when not reusing. */
  reader: SnapshotReader | null;
  /** Where this reindex's bodies go; null when the directory cannot be used. */
  writer: SnapshotWriter | null;
}

/**
 * `<dir>/<database>@<schema>@<alias>`: one snapshot per products alias of
 * each database and schema, as the reindex lock is per database, so that
 * two catalogs sharing an index prefix never share (or clean up) one.
 */
export async function reindexSnapshotDirectory(db: Knex, dir: string, alias: string): Promise<string> {
  const { rows } = await db.raw<{ rows: Array<{ database: string; schema: string }> }>(
    'select current_database() as database, current_schema() as schema',
  );
  const { database, schema } = rows[0]!;
  return snapshotPath(dir, `${encodeURIComponent(database)}@${encodeURIComponent(schema)}@${alias}`);
}

/**
 * Opens the snapshot in `dir` for a reindex: read only if its token names a
 * reindex that succeeded in this database (see migration 043) and `reuse` is
 * set, written anew either way (the rest of what makes a snapshot unusable:
 * indexers/README.md). Problems are reported to `onError` and mean no
 * snapshot, never a failed reindex.
 */
export async function openReindexSnapshot(
  db: Knex,
  dir: string,
  builder: string,
  reuse: boolean,
  onError: (error: unknown) => void,
): Promise<ReindexSnapshot> {
  const writer = await SnapshotWriter.create(dir, builder, onError);
  if (!reuse) return { reader: null, writer };
  const reader = await SnapshotReader.open(dir, builder);
  if (reader === null) return { reader, writer };
  try {
    const known = await db('search_reindex_runs').where({ snapshot_token: reader.token, status: 'succeeded' }).first('id');
    if (known !== undefined) return { reader, writer };
    onError(new Error(`the reindex snapshot in ${dir} was written for another database`));
  } catch (error) {
    onError(error);
  }
  return { reader: null, writer };
}

/**
 * Once the reindex has succeeded: records a new token on its run, then
 * makes its snapshot the current one under that token. A snapshot that
 * cannot be committed only costs the next reindex some reading.
 */
export async function commitReindexSnapshot(
  db: Knex,
  runId: string,
  writer: SnapshotWriter | null,
  onError: (error: unknown) => void,
): Promise<void> {
  if (writer === null) return;
  const token = randomBytes(16).toString('hex');
  try {
    await db('search_reindex_runs').where({ id: runId }).update({ snapshot_token: token });
    if (!(await writer.commit(token))) onError(writer.error);
  } catch (error) {
    onError(error);
    await writer.abort();
  }
}
