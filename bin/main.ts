// Where golive is put together: the CLI and the steps it offers meet here and nowhere else.
// scripts/bundle.js bundles this file into dist/bundle/golive.js, which bin/golive.js runs.
import { main } from '../src/cli/main.js';

const loadSteps = async () => (await import('../steps/index.js')).STEPS;
process.exitCode = await main(process.argv.slice(2), loadSteps);
// Everything golive does is awaited by now, and standard output and error are synchronous on
// Linux: ending here skips waiting for the server to close its end of the connection.
process.exit();
