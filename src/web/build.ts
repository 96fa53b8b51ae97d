import { mkdtemp, rename, rm, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { build } from 'esbuild';
import { assetsDir, buildDir, manifestFile, publicDir, sourcesModifiedAt, type AssetManifest } from './assets';

/**
 * The web pages' build: each page's entry module bundled with everything it
 * imports, and each stylesheet, minified into `public/build/` under
 * content-hashed names, plus a manifest from the source URL to the built one.
 * Pages then load one script and one or two stylesheets that browsers keep
 * for a year (a change gets a new name), instead of a cascade of small
 * modules revalidated one by one. Without a build, or once a source file is
 * newer than the build, the pages load the source modules directly, which is
 * what editing them wants.
 *
 *   npm run build        (npm start and npm test run it)
 */

/** The files the two pages name in their HTML: what gets built. */
const entryPoints = ['app.js', 'console-app.js', 'styles.css', 'console.css'].map((name) => path.join(assetsDir, name));

/**
 * Builds into a fresh folder and then swaps it in, so a server never reads a
 * half-written build (it falls back to the sources meanwhile).
 */
export async function buildWebAssets(outDir = buildDir): Promise<AssetManifest> {
  const sourcesAt = await sourcesModifiedAt();
  const staging = await mkdtemp(path.join(publicDir, '.build-'));
  try {
    const result = await build({
      entryPoints,
      outdir: staging,
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
    const files: Record<string, string> = {};
    for (const [output, meta] of Object.entries(result.metafile.outputs)) {
      if (meta.entryPoint === undefined) continue;
      files[`/assets/${path.basename(meta.entryPoint)}`] = `/build/${path.basename(output)}`;
    }
    const manifest: AssetManifest = { files, sourcesModifiedAt: sourcesAt };
    await writeFile(path.join(staging, manifestFile), `${JSON.stringify(manifest, null, 2)}\n`);
    await rm(outDir, { recursive: true, force: true });
    await rename(staging, outDir);
    return manifest;
  } finally {
    // Gone after the rename; left over only when the build failed.
    await rm(staging, { recursive: true, force: true });
  }
}

if (require.main === module) {
  buildWebAssets()
    .then((manifest) => {
      for (const [source, built] of Object.entries(manifest.files)) process.stdout.write(`${source} → ${built}\n`);
    })
    .catch((error: unknown) => {
      process.stderr.write(`web build failed: ${error instanceof Error ? error.message : String(error)}\n`);
      process.exit(1);
    });
}
