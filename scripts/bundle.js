#!/usr/bin/env node
// Bundles golive (bin/main.ts and everything it imports) into dist/bundle/: Node then reads a few
// files instead of hundreds, and the first frame of the wizard shows sooner.
import { rmSync } from 'node:fs';
import { join } from 'node:path';
import { analyzeMetafile, build } from 'esbuild';
import { bundleOptions, ROOT } from './bundle-options.js';

const OUTDIR = join(ROOT, 'dist', 'bundle');
// Chunk names change with their content: last build's are removed, not left beside the new ones.
rmSync(OUTDIR, { recursive: true, force: true });
const result = await build({
  ...bundleOptions(),
  entryPoints: { golive: 'bin/main.ts' },
  outdir: OUTDIR,
  // What only a later screen or command needs (SSH, YAML, the settings, the audit checks) stays
  // behind its `await import()`, in a chunk of its own.
  splitting: true,
  metafile: true,
});
if (process.argv.includes('--analyze')) console.log(await analyzeMetafile(result.metafile));
