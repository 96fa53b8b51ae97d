/** What the server tells the storefront demo page (`/`): read by `assets/api.js`. */
export interface PageConfig {
  /** The demo's public API key, or null: the page then asks the visitor for one. */
  publicKey: string | null;
  /** Demo customers the page may sign in as, each with its own customer key (development only; see demo-keys.ts). */
  customers: Array<{ id: string; key: string }>;
}

/** What the server tells the merchandiser console (`/console`): read by `assets/console-key.js`. */
export interface ConsolePageConfig {
  /** The demo's merchandiser API key, or null: the console then asks for one. */
  merchandiserKey: string | null;
}

/** The element each page carries for its configuration; the page reads it, never executes it. */
const configElement = '<script id="agora-config" type="application/json">{}</script>';

/**
 * Writes the configuration into a page as inert JSON. `<` is escaped so no
 * value can close the script element, whatever it contains.
 */
export function renderPage(template: string, config: PageConfig | ConsolePageConfig): string {
  if (!template.includes(configElement)) throw new Error(`the page must contain ${configElement}`);
  const json = JSON.stringify(config).replace(/</g, '\\u003c');
  return template.replace(configElement, () => configElement.replace('{}', json));
}

/**
 * Points a page's `src="/assets/…"` and `href="/assets/…"` at the built files
 * the manifest names (see ./build); URLs it does not list stay as they are.
 */
export function useBuiltAssets(html: string, manifest: Readonly<Record<string, string>> | null): string {
  if (manifest === null) return html;
  return html.replace(/\b(src|href)="(\/assets\/[a-z0-9-]+\.(?:js|css))"/g, (whole, attribute: string, url: string) => {
    const built = manifest[url];
    return built === undefined ? whole : `${attribute}="${built}"`;
  });
}

/**
 * The pages run only their own scripts and styles and talk only to this API;
 * product images may come from any https host (imported catalogues link them).
 */
export const pageSecurityHeaders: Readonly<Record<string, string>> = {
  'Content-Security-Policy': [
    "default-src 'self'",
    "script-src 'self'",
    "style-src 'self'",
    "img-src 'self' data: https:",
    "connect-src 'self'",
    "base-uri 'none'",
    "form-action 'self'",
    "frame-ancestors 'none'",
    "object-src 'none'",
  ].join('; '),
  'X-Content-Type-Options': 'nosniff',
  'Referrer-Policy': 'same-origin',
};
