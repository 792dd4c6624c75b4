// Where golive is put together: the CLI and the steps it offers meet here and nowhere else.
// scripts/bundle.js bundles this file into dist/bundle/golive.js, which bin/golive.js runs.
import { main } from '../src/cli/main.js';

const loadSteps = async () => (await import('../steps/index.js')).STEPS;
process.exitCode = await main(process.argv.slice(2), loadSteps);
