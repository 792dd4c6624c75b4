#!/usr/bin/env node
// Writes dist/golive.1 (the man page) from the compiled usage lists: the same source as --help.
import { readFileSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const ROOT = join(dirname(fileURLToPath(import.meta.url)), '..');
const { manPage } = await import(join(ROOT, 'dist', 'src', 'cli', 'man-page.js'));
const { version } = JSON.parse(readFileSync(join(ROOT, 'package.json'), 'utf8'));
writeFileSync(join(ROOT, 'dist', 'golive.1'), manPage(version));
