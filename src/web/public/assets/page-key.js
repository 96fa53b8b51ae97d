/**
 * Where a page finds its API key: one the visitor pasted (a deliberate
 * choice, kept in `storage`), else the one the server wrote into the page's
 * configuration under `configField` (development only), else null: the page
 * asks for one. The storefront keeps its public key in localStorage; the
 * console keeps its write key in sessionStorage, so it does not outlive the
 * session.
 */
export function keyStore(storage, storageName, configField) {
  return {
    current() {
      const pasted = storage.getItem(storageName);
      if (pasted) return { key: pasted, fromServer: false };
      try {
        const config = JSON.parse(document.getElementById('agora-config')?.textContent || '{}');
        const fromServer = config[configField];
        if (typeof fromServer === 'string' && fromServer !== '') return { key: fromServer, fromServer: true };
      } catch {
        // A page opened without the server: no configuration, ask for a key.
      }
      return null;
    },
    /** Keeps a pasted key; null forgets it. */
    remember(key) {
      if (key) storage.setItem(storageName, key);
      else storage.removeItem(storageName);
    },
  };
}

/**
 * The key form both pages show when they have no usable key: a pasted key is
 * remembered and `onKey` called with it; "change key" forgets it and calls
 * `onForget` (the page shows the form again).
 */
export function wireKeyForm(store, { onKey, onForget }) {
  const input = document.getElementById('key-input');
  document.getElementById('key-form').addEventListener('submit', (event) => {
    event.preventDefault();
    const value = input.value.trim();
    if (!value) return;
    store.remember(value);
    input.value = '';
    onKey({ key: value, fromServer: false });
  });
  document.getElementById('change-key').addEventListener('click', () => {
    store.remember(null);
    onForget();
  });
}
