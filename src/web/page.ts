/** What the server tells the storefront demo page: read by `assets/config.js`. */
export interface PageConfig {
  /** The demo's public API key, or null: the page then asks the visitor for one. */
  publicKey: string | null;
}

/** The element in index.html the configuration is written into; the page reads it, never executes it. */
const configElement = '<script id="agora-config" type="application/json">{}</script>';

/**
 * Writes the configuration into the page as inert JSON. `<` is escaped so no
 * value can close the script element, whatever it contains.
 */
export function renderIndexPage(template: string, config: PageConfig): string {
  if (!template.includes(configElement)) throw new Error(`index.html must contain ${configElement}`);
  const json = JSON.stringify(config).replace(/</g, '\\u003c');
  return template.replace(configElement, () => configElement.replace('{}', json));
}

/**
 * The page runs only its own scripts and styles and talks only to this API;
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
