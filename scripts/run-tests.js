#!/usr/bin/env node
// The whole test suite in one node:test run: unit, UI, then end-to-end against real test servers.
// As root (always in CI), first set up what the test servers need: packages and the root filesystem.
import { spawnSync } from 'node:child_process';
import { readdirSync } from 'node:fs';

// The suites named on the command line (default: all). Files are listed here rather than given as
// folders: Node 20 takes a folder, Node 22 and later take only files and globs.
const suites = process.argv.length > 2 ? process.argv.slice(2) : ['unit', 'ui', 'e2e'];

const isRoot = process.getuid?.() === 0;
if (!suites.includes('e2e')) {
  // Unit and UI tests need no test server.
} else if (isRoot) {
  const setup = spawnSync('bash', ['scripts/testserver/setup-host.sh'], { stdio: 'inherit' });
  if (setup.status !== 0) process.exit(setup.status ?? 1);
} else if (process.env.CI) {
  console.error('the end-to-end tests need root in CI');
  process.exit(1);
}

// Ink draws only the last frame when CI is set (is-in-ci); the UI tests check every frame a person
// would see, so the tests run without CI — and GOLIVE_E2E_REQUIRED keeps end-to-end tests from skipping.
const env = { ...process.env };
if (env.CI || env.CONTINUOUS_INTEGRATION) env.GOLIVE_E2E_REQUIRED = '1';
delete env.CI;
delete env.CONTINUOUS_INTEGRATION;

const files = suites.flatMap((suite) =>
  readdirSync(`dist/test/${suite}`)
    .filter((name) => name.endsWith('.test.js'))
    .sort()
    .map((name) => `dist/test/${suite}/${name}`),
);
// No test may hang a CI run: each gets at most 5 minutes.
const run = spawnSync(process.execPath, ['--test', '--test-concurrency=1', '--test-timeout=300000', ...files], { stdio: 'inherit', env });
process.exit(run.status ?? 1);
