import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, readFileSync, rmSync, utimesSync, writeFileSync, existsSync, chmodSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';

const script = path.resolve(__dirname, '../../../scripts/node-modules.sh');

/**
 * scripts/node-modules.sh as npm start and npm test run it, with `npm` replaced by a stand-in
 * that records its arguments and installs the way npm ci does (node_modules/.package-lock.json last).
 */
describe('npm start and npm test install the node modules on a fresh clone', () => {
  let root: string;
  let calls: string;
  let bin: string;

  beforeEach(() => {
    root = mkdtempSync(path.join(os.tmpdir(), 'agora-modules-'));
    bin = path.join(root, '.bin');
    calls = path.join(root, 'npm-calls');
    mkdirSync(bin);
    writeFileSync(path.join(root, 'package-lock.json'), '{}');
    writeFileSync(
      path.join(bin, 'npm'),
      `#!/usr/bin/env bash\necho "$*" >> '${calls}'\nmkdir -p node_modules && touch node_modules/.package-lock.json\n`,
    );
    chmodSync(path.join(bin, 'npm'), 0o755);
  });
  afterEach(() => rmSync(root, { recursive: true, force: true }));

  function ensure(): string[] {
    execFileSync('bash', ['-c', 'source "$1"; ensure_node_modules "$2"', 'bash', script, root], {
      env: { ...process.env, PATH: `${bin}:${process.env.PATH}` },
      stdio: ['ignore', 'ignore', 'ignore'],
    });
    return existsSync(calls) ? readFileSync(calls, 'utf8').trim().split('\n') : [];
  }

  it('runs npm ci when node_modules is missing', () => {
    assert.deepEqual(ensure(), ['ci --no-audit --no-fund']);
    assert.ok(existsSync(path.join(root, 'node_modules/.package-lock.json')));
  });

  it('does nothing when the install is newer than package-lock.json', () => {
    ensure();
    assert.equal(ensure().length, 1);
  });

  it('runs npm ci again when package-lock.json changed after the install', () => {
    ensure();
    const later = new Date(Date.now() + 60_000);
    utimesSync(path.join(root, 'package-lock.json'), later, later);
    assert.equal(ensure().length, 2);
  });

  it('runs npm ci when node_modules holds no complete install', () => {
    mkdirSync(path.join(root, 'node_modules'));
    assert.equal(ensure().length, 1);
  });

  it('npm start and npm test both run the check before anything needs a module', () => {
    for (const name of ['start.sh', 'test.sh']) {
      const text = readFileSync(path.resolve(__dirname, '../../../scripts', name), 'utf8');
      const check = text.indexOf('ensure_node_modules "$ROOT"');
      assert.ok(check > 0, `${name} calls ensure_node_modules`);
      for (const user of ['node ', 'npx ']) {
        const first = text.split('\n').findIndex((l) => l.trimStart().startsWith(user) || l.includes(`$(${user}`));
        if (first >= 0)
          assert.ok(text.split('\n').slice(0, first).join('\n').length > check, `${name}: the check comes before the first ${user.trim()}`);
      }
    }
  });
});
