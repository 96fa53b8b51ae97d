import fs from 'node:fs';
import path from 'node:path';
import { chromium, type Browser } from 'playwright-core';

/** Debian's Chromium (`apt-get install -y chromium`): playwright-core drives it, and downloads no browser of its own. */
export const chromiumPath = '/usr/bin/chromium';

/** Screenshots land here (git-ignored), to be looked at after a run. */
export const artifactsDir = path.join(__dirname, 'artifacts');

export async function launchChromium(): Promise<Browser> {
  if (!fs.existsSync(chromiumPath)) {
    throw new Error(`No browser at ${chromiumPath}: install Debian's Chromium (apt-get install -y chromium) to run the browser tests.`);
  }
  fs.mkdirSync(artifactsDir, { recursive: true });
  return chromium.launch({
    executablePath: chromiumPath,
    // Offline and quiet: no sandbox (containers), no GPU, no phoning home for updates, sync or field trials.
    args: [
      '--headless',
      '--no-sandbox',
      '--disable-gpu',
      '--disable-quic',
      '--no-first-run',
      '--disable-background-networking',
      '--disable-component-update',
      '--disable-sync',
    ],
  });
}

export function artifact(name: string): string {
  return path.join(artifactsDir, name);
}
