/**
 * The console's merchandiser key: one the visitor pasted for this tab
 * (sessionStorage, so a write key does not outlive the session), else the
 * demo key the server wrote into the page in development, else none: the
 * console then asks for one.
 */
const storageKey = 'agora.merchandiserKey';

export function consoleKey() {
  const pasted = sessionStorage.getItem(storageKey);
  if (pasted) return { key: pasted, fromServer: false };
  try {
    const config = JSON.parse(document.getElementById('agora-config')?.textContent || '{}');
    if (typeof config.merchandiserKey === 'string' && config.merchandiserKey !== '') return { key: config.merchandiserKey, fromServer: true };
  } catch {
    // A page opened without the server: no configuration, ask for a key.
  }
  return null;
}

export function rememberKey(key) {
  sessionStorage.setItem(storageKey, key);
}

export function forgetKey() {
  sessionStorage.removeItem(storageKey);
}
