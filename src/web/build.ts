import { mkdir, readFile, rm, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { build } from 'esbuild';

/**
 * The web pages' build: each page's entry module bundled with everything it
 * imports, and each stylesheet, minified into `public/build/` under
 * content-hashed names, plus a manifest from the source URL to the built one.
 * Pages then load one script and one or two stylesheets that browsers keep
 * for a year (a change gets a new name), instead of a cascade of small
 * modules revalidated one by one. Without a build the pages load the source
 * modules directly, which is what editing them wants.
 *
 *   npm run build        (npm start and npm test run it)
 */

export const publicDir = path.join(__dirname, 'public');
export const buildDir = path.join(publicDir, 'build');
const manifestFile = 'manifest.json';

/** The files the two pages name in their HTML: what gets built. */
const entryPoints = ['app.js', 'console-app.js', 'styles.css', 'console.css'].map((name) => path.join(publicDir, 'assets', name));

/** Source URL (as the HTML names it) → built URL. */
export type AssetManifest = Readonly<Record<string, string>>;

export async function buildWebAssets(outDir = buildDir): Promise<AssetManifest> {
  await rm(outDir, { recursive: true, force: true });
  await mkdir(outDir, { recursive: true });
  const result = await build({
    entryPoints,
    outdir: outDir,
    bundle: true,
    format: 'esm',
    minify: true,
    sourcemap: 'linked',
    entryNames: '[name]-[hash]',
    // The browsers the storefront supports run ES2022 as written; nothing is polyfilled.
    target: 'es2022',
    metafile: true,
    logLevel: 'warning',
  });
  const manifest: Record<string, string> = {};
  for (const [output, meta] of Object.entries(result.metafile.outputs)) {
    if (meta.entryPoint === undefined) continue;
    manifest[`/assets/${path.basename(meta.entryPoint)}`] = `/build/${path.basename(output)}`;
  }
  await writeFile(path.join(outDir, manifestFile), `${JSON.stringify(manifest, null, 2)}\n`);
  return manifest;
}

/** The manifest of the last build, or null when the pages have not been built. */
export async function readAssetManifest(dir = buildDir): Promise<AssetManifest | null> {
  try {
    return JSON.parse(await readFile(path.join(dir, manifestFile), 'utf8')) as AssetManifest;
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return null;
    throw error;
  }
}

if (require.main === module) {
  buildWebAssets()
    .then((manifest) => {
      for (const [source, built] of Object.entries(manifest)) process.stdout.write(`${source} → ${built}\n`);
    })
    .catch((error: unknown) => {
      process.stderr.write(`web build failed: ${error instanceof Error ? error.message : String(error)}\n`);
      process.exit(1);
    });
}
