#!/usr/bin/env node
// The whole test suite in one node:test run: unit, UI, then end-to-end against real test servers.
// As root (always in CI), first set up what the test servers need: packages and the root filesystem.
import { spawnSync } from 'node:child_process';

const isRoot = process.getuid?.() === 0;
if (isRoot) {
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

const suites = ['dist/test/unit/', 'dist/test/ui/', 'dist/test/e2e/'];
// No test may hang a CI run: each gets at most 5 minutes.
const run = spawnSync(process.execPath, ['--test', '--test-concurrency=1', '--test-timeout=300000', ...suites], { stdio: 'inherit', env });
process.exit(run.status ?? 1);
