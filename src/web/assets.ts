import { readdir, readFile, stat } from 'node:fs/promises';
import path from 'node:path';

/**
 * Where the web pages' files live, and the manifest of their last build
 * (./build.ts writes it). Kept apart from the build itself so the API never
 * loads the bundler, a development tool.
 */
export const publicDir = path.join(__dirname, 'public');
export const assetsDir = path.join(publicDir, 'assets');
export const buildDir = path.join(publicDir, 'build');
export const manifestFile = 'manifest.json';

/** Source URL (as the HTML names it) → built URL, and when the sources were last changed before the build. */
export interface AssetManifest {
  files: Readonly<Record<string, string>>;
  /** Newest modification time (ms) among the source assets the build read. */
  sourcesModifiedAt: number;
}

/** Newest modification time among the source assets. */
export async function sourcesModifiedAt(dir = assetsDir): Promise<number> {
  const names = await readdir(dir);
  const times = await Promise.all(names.map(async (name) => (await stat(path.join(dir, name))).mtimeMs));
  return Math.max(0, ...times);
}

/**
 * The built files to serve, or null to serve the sources: when nothing was
 * built, when the manifest cannot be read (a build in progress), or when a
 * source changed after the last build, so an edit shows on reload rather than
 * a stale bundle.
 */
export async function currentBuild(dir = buildDir, sources = assetsDir): Promise<Readonly<Record<string, string>> | null> {
  let manifest: AssetManifest;
  try {
    manifest = JSON.parse(await readFile(path.join(dir, manifestFile), 'utf8')) as AssetManifest;
  } catch {
    return null;
  }
  if (typeof manifest.sourcesModifiedAt !== 'number' || manifest.files === undefined) return null;
  return (await sourcesModifiedAt(sources)) > manifest.sourcesModifiedAt ? null : manifest.files;
}
