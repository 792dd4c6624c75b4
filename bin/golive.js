#!/usr/bin/env node
// Where golive is put together: the CLI and the steps it offers meet here and nowhere else.
import { main } from '../dist/src/cli/main.js';

const loadSteps = async () => (await import('../dist/steps/index.js')).STEPS;
process.exitCode = await main(process.argv.slice(2), loadSteps);
