/**
 * The pages' only way to the API: a key on every call (public for the
 * storefront, merchandiser for the console), JSON in and out, failures as
 * ApiError with the API's code, status and the field at fault.
 */
import { keyStore } from './page-key.js';

export class ApiError extends Error {
  constructor(status, code, message, field = null) {
    super(message);
    this.status = status;
    this.code = code;
    /** The request field the API blames (`actions[0].pins[1].productId`), or null. */
    this.field = field;
  }
}

/** The storefront's public key: pasted (kept in localStorage), else the development demo key. */
export const publicKeys = keyStore(localStorage, 'agora.publicKey', 'publicKey');

/** Query parameters from an object: empty values left out, arrays comma-joined (the API accepts both forms). */
export function toQuery(params) {
  const query = new URLSearchParams();
  for (const [name, value] of Object.entries(params)) {
    if (value === undefined || value === null || value === '' || value === false) continue;
    if (Array.isArray(value)) {
      if (value.length > 0) query.set(name, value.join(','));
    } else {
      query.set(name, String(value));
    }
  }
  const text = query.toString();
  return text === '' ? '' : `?${text}`;
}

export function createApi(getKey) {
  /** `meta`, if given, receives the answer's `requestId` (X-Request-Id): events name the search they followed by it. */
  async function call(method, path, { params = {}, body, signal, keepalive, meta } = {}) {
    const headers = { accept: 'application/json', authorization: `Bearer ${getKey()}` };
    if (body !== undefined) headers['content-type'] = 'application/json';
    let response;
    try {
      response = await fetch(`${path}${toQuery(params)}`, {
        method,
        headers,
        signal,
        keepalive,
        body: body === undefined ? undefined : JSON.stringify(body),
      });
    } catch (error) {
      if (error.name === 'AbortError') throw error;
      throw new ApiError(0, 'NETWORK', 'The API could not be reached.');
    }
    if (meta) meta.requestId = response.headers.get('x-request-id');
    const payload = await response.json().catch(() => null);
    if (!response.ok && response.status !== 207) {
      const error = payload?.error ?? {};
      throw new ApiError(
        response.status,
        error.code ?? 'HTTP_ERROR',
        error.message ?? `The API answered ${response.status}.`,
        error.field ?? null,
      );
    }
    return payload;
  }
  return {
    get: (path, params, options = {}) => call('GET', path, { ...options, params }),
    post: (path, body, options = {}) => call('POST', path, { ...options, body }),
    put: (path, body, options = {}) => call('PUT', path, { ...options, body }),
    delete: (path, options = {}) => call('DELETE', path, options),
  };
}
