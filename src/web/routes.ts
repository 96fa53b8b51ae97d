import { createHash } from 'node:crypto';
import { readFile } from 'node:fs/promises';
import path from 'node:path';
import Router from '@koa/router';
import type { Context } from 'koa';
import type { Config } from '../config';
import { AppError } from '../errors';
import type { AppState } from '../api/state';
import { renderIndexPage, pageSecurityHeaders } from './page';

/** Where the storefront demo's files live: plain HTML, CSS and ES modules, no build step. */
const publicDir = path.join(__dirname, 'public');
const assetsDir = path.join(publicDir, 'assets');

/**
 * One flat folder, names of one dot: anything else (`..`, slashes, encoded or
 * not, hidden files) fails this test before the file system is touched, so a
 * request can only ever name a file directly inside `assets/`.
 */
const assetName = /^[a-z0-9][a-z0-9-]*\.(js|css|svg)$/;
const contentTypes: Record<string, string> = {
  js: 'text/javascript; charset=utf-8',
  css: 'text/css; charset=utf-8',
  svg: 'image/svg+xml',
};

export interface WebRoutesOptions {
  config: Pick<Config, 'env' | 'demoPublicKey'>;
}

/**
 * The storefront demo: `GET /` (the page, with the demo's public key written
 * in when running in development) and `GET /assets/:file`. Files are read per
 * request so an edit shows on reload; they are small and revalidated by ETag.
 */
export function webRoutes({ config }: WebRoutesOptions): Router<AppState> {
  const router = new Router<AppState>();
  // The key is public by role (storefront search only), but a demo key belongs on a laptop, never in production pages.
  const publicKey = config.env === 'development' && config.demoPublicKey !== '' ? config.demoPublicKey : null;

  router.get('/', async (ctx) => {
    const template = await readFile(path.join(publicDir, 'index.html'), 'utf8');
    ctx.set(pageSecurityHeaders);
    // The page carries per-process configuration, so it is always revalidated in full.
    ctx.set('Cache-Control', 'no-cache');
    ctx.type = 'text/html; charset=utf-8';
    ctx.body = renderIndexPage(template, { publicKey });
  });

  router.get('/assets/:file', async (ctx) => {
    const name = ctx.params.file ?? '';
    const match = assetName.exec(name);
    if (!match) throw new AppError('NOT_FOUND');
    const body = await readAsset(name);
    // No hashed file names without a build step: browsers keep a copy but ask each time, and get a 304 when unchanged.
    sendCached(ctx, body, contentTypes[match[1]!]!);
  });
  return router;
}

async function readAsset(name: string): Promise<Buffer> {
  try {
    return await readFile(path.join(assetsDir, name));
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') throw new AppError('NOT_FOUND');
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
