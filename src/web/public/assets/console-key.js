import { keyStore } from './page-key.js';

/** The console's merchandiser key: pasted for this tab only (sessionStorage), else the development demo key. */
const keys = keyStore(sessionStorage, 'agora.merchandiserKey', 'merchandiserKey');

export function consoleKey() {
  return keys.current();
}

export function rememberKey(key) {
  keys.remember(key);
}

export function forgetKey() {
  keys.remember(null);
}
