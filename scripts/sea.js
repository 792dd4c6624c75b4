#!/usr/bin/env node
// `npm run sea`: golive as one Linux executable (Node's single executable applications) that runs
// on a server with no Node. The Node inside is the current LTS from the npm registry's `node`
// package (or GOLIVE_SEA_NODE); the program is one bundle with templates/ and package.json inlined.
import { execFileSync, spawnSync } from 'node:child_process';
import { chmodSync, copyFileSync, mkdirSync, readFileSync, readdirSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import { build } from 'esbuild';
import { bundleOptions, ROOT } from './bundle-options.js';

const NODE_PACKAGE = 'node@24';
// The fuse Node looks for to know a blob was injected (the SEA documentation's value).
const FUSE = 'NODE_SEA_FUSE_fce680ab2cc467b6e072b8b5df1996b2';
const WORK = join(ROOT, 'dist', 'sea');
const OUTPUT = join(ROOT, 'dist', 'golive-linux-x64');
// Where the bundle says it is (import.meta.url): no such file exists; the executable holds it.
const BUNDLE_PATH = '/golive-executable/golive.mjs';

const started = Date.now();
rmSync(WORK, { recursive: true, force: true });
mkdirSync(WORK, { recursive: true });
const node = process.env.GOLIVE_SEA_NODE ?? execFileSync('npx', ['--yes', '-p', NODE_PACKAGE, 'node', '-p', 'process.execPath'], { encoding: 'utf8' }).trim();
const nodeVersion = execFileSync(node, ['--version'], { encoding: 'utf8' }).trim();
// The main script below needs module.registerHooks (Node 22.15, 23.5 and later).
if (execFileSync(node, ['-p', "typeof require('node:module').registerHooks"], { encoding: 'utf8' }).trim() !== 'function') {
  throw new Error(`${node} is Node ${nodeVersion}, which has no module.registerHooks: use Node 24 (the default) or 22.15 and later`);
}

const options = bundleOptions();
await build({
  ...options,
  define: { ...options.define, GOLIVE_EMBEDDED_FILES: JSON.stringify(packageFiles()) },
  entryPoints: ['bin/main.ts'],
  outfile: join(WORK, 'golive.mjs'),
});
// Node 24 runs an injected main script as CommonJS only; golive's bundle is a module (Yoga awaits
// its WebAssembly at the top level). The main script serves it from the executable's asset under
// a file: URL of its own, so that stack traces and import.meta name a short path, not the bundle.
writeFileSync(
  join(WORK, 'main.cjs'),
  `const { registerHooks } = require('node:module');
const { getAsset } = require('node:sea');
const url = 'file://${BUNDLE_PATH}';
registerHooks({
  resolve: (specifier, context, next) => (specifier === url ? { url, format: 'module', shortCircuit: true } : next(specifier, context)),
  load: (href, context, next) => (href === url ? { format: 'module', source: getAsset('golive.mjs', 'utf8'), shortCircuit: true } : next(href, context)),
});
import(url).catch((error) => {
  console.error(error);
  process.exitCode = 70;
});
`,
);
writeFileSync(
  join(WORK, 'sea-config.json'),
  JSON.stringify({ main: join(WORK, 'main.cjs'), output: join(WORK, 'golive.blob'), disableExperimentalSEAWarning: true, assets: { 'golive.mjs': join(WORK, 'golive.mjs') } }),
);
quietly(node, ['--experimental-sea-config', join(WORK, 'sea-config.json')]);
copyFileSync(node, OUTPUT);
chmodSync(OUTPUT, 0o755);
quietly(join(ROOT, 'node_modules', '.bin', 'postject'), [OUTPUT, 'NODE_SEA_BLOB', join(WORK, 'golive.blob'), '--sentinel-fuse', FUSE]);
const megabytes = (statSync(OUTPUT).size / 2 ** 20).toFixed(1);
console.log(`${relative(process.cwd(), OUTPUT)}: ${megabytes} MiB, Node ${nodeVersion}, built in ${((Date.now() - started) / 1000).toFixed(1)} s`);

/** Runs a tool whose chatter (postject warns of every ELF note it skips) is shown only if it fails. */
function quietly(command, args) {
  const run = spawnSync(command, args, { encoding: 'utf8' });
  if (run.status === 0) return;
  process.stderr.write(run.stdout + run.stderr);
  throw new Error(`${command} ${args.join(' ')} failed (${run.error?.message ?? `exit ${run.status}`})`);
}

/** package.json and every file under templates/, by their paths in the package. */
function packageFiles() {
  const files = { 'package.json': readFileSync(join(ROOT, 'package.json'), 'utf8') };
  const walk = (folder) => {
    for (const entry of readdirSync(join(ROOT, folder), { withFileTypes: true })) {
      const path = `${folder}/${entry.name}`;
      if (entry.isDirectory()) walk(path);
      else files[path] = readFileSync(join(ROOT, path), 'utf8');
    }
  };
  walk('templates');
  return files;
}
