import { createHash } from 'node:crypto';
import { readFile } from 'node:fs/promises';
import path from 'node:path';
import Router from '@koa/router';
import type { Context } from 'koa';
import { AppError } from '../../core/errors';
import type { AppState } from '../context/state';
import { consoleDemoKey, demoCustomerKeys, storefrontDemoKey, type DemoKeyConfig } from '../../web/demo-keys';
import { assetsDir, buildDir, currentBuild, publicDir } from '../../web/assets';
import { renderPage, pageSecurityHeaders, useBuiltAssets, type ConsolePageConfig, type PageConfig } from '../../web/page';

/**
 * One flat folder, names of one dot: anything else (`..`, slashes, encoded or
 * not, hidden files) fails this test before the file system is touched, so a
 * request can only ever name a file directly inside `assets/`.
 */
const assetName = /^[a-z0-9][a-z0-9-]*\.(js|css|svg)$/;
/** Built files: a name, esbuild's content hash, and a source map beside each. */
const builtName = /^[a-z0-9][a-z0-9-]*-[A-Z0-9]{8}\.(js|css)(\.map)?$/;
/** Far above any file we ship (the longest is ~30 characters), far below what the file system refuses (255 bytes). */
const maxNameLength = 100;
const contentTypes: Record<string, string> = {
  js: 'text/javascript; charset=utf-8',
  css: 'text/css; charset=utf-8',
  svg: 'image/svg+xml',
  map: 'application/json; charset=utf-8',
};

export interface WebRoutesOptions {
  config: DemoKeyConfig;
}

/**
 * The storefront demo (`GET /`), the merchandiser console (`GET /console`),
 * each with its demo key written in when running in development (see
 * demo-keys.ts), and their files (`GET /assets/:file`). Files are read per
 * request so an edit shows on reload; they are small and revalidated by ETag.
 */
export function webRoutes({ config }: WebRoutesOptions): Router<AppState> {
  const router = new Router<AppState>();

  router.get('/', async (ctx) => {
    const customers = demoCustomerKeys(config);
    // Customer keys are one shopper's credentials: a page carrying them is kept by no cache.
    await sendPage(ctx, 'index.html', { publicKey: storefrontDemoKey(config), customers }, customers.length > 0 ? 'no-store' : 'no-cache');
  });
  router.get('/console', async (ctx) => {
    // It may carry a key that changes what every shopper sees: no copy of it in any cache.
    await sendPage(ctx, 'console.html', { merchandiserKey: consoleDemoKey(config, { ip: ctx.ip, host: ctx.host }) }, 'no-store');
  });

  router.get('/assets/:file', async (ctx) => {
    const name = ctx.params.file ?? '';
    const match = name.length <= maxNameLength ? assetName.exec(name) : null;
    if (!match) throw new AppError('NOT_FOUND');
    const body = await readAsset(name);
    // Source files keep their names: browsers keep a copy but ask each time, and get a 304 when unchanged.
    sendCached(ctx, body, contentTypes[match[1]!]!);
  });

  router.get('/build/:file', async (ctx) => {
    const name = ctx.params.file ?? '';
    const match = name.length <= maxNameLength ? builtName.exec(name) : null;
    if (!match) throw new AppError('NOT_FOUND');
    const body = await readFileIn(buildDir, name);
    // The name changes with the content: a copy never goes stale.
    ctx.set('Cache-Control', 'public, max-age=31536000, immutable');
    ctx.set('X-Content-Type-Options', 'nosniff');
    ctx.type = contentTypes[match[2] ? 'map' : match[1]!]!;
    ctx.body = body;
  });
  return router;
}

/** A page with its configuration written in; it differs per process, so it is always revalidated in full (or never stored). */
async function sendPage(
  ctx: Context,
  file: string,
  config: PageConfig | ConsolePageConfig,
  cacheControl: 'no-cache' | 'no-store',
): Promise<void> {
  const [template, manifest] = await Promise.all([readFile(path.join(publicDir, file), 'utf8'), currentBuild()]);
  ctx.set(pageSecurityHeaders);
  ctx.set('Cache-Control', cacheControl);
  ctx.type = 'text/html; charset=utf-8';
  ctx.body = useBuiltAssets(renderPage(template, config), manifest);
}

function readAsset(name: string): Promise<Buffer> {
  return readFileIn(assetsDir, name);
}

/** A file directly inside `dir` (names were checked by a pattern and a length first); a missing one is a 404. */
async function readFileIn(dir: string, name: string): Promise<Buffer> {
  try {
    return await readFile(path.join(dir, name));
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    if (code === 'ENOENT' || code === 'ENAMETOOLONG') throw new AppError('NOT_FOUND');
    throw error;
  }
}

function sendCached(ctx: Context, body: Buffer, type: string): void {
  ctx.status = 200;
  ctx.set('ETag', `"${createHash('sha1').update(body).digest('base64url')}"`);
  ctx.set('Cache-Control', 'no-cache');
  ctx.set('X-Content-Type-Options', 'nosniff');
  if (ctx.fresh) {
    ctx.status = 304;
    return;
  }
  ctx.type = type;
  ctx.body = body;
}
