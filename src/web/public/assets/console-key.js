import { keyStore } from './page-key.js';

/** The console's merchandiser key: pasted for this tab only (sessionStorage, a write key does not outlive the session), else the development demo key. */
export const consoleKeys = keyStore(sessionStorage, 'agora.merchandiserKey', 'merchandiserKey');
