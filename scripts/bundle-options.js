// What every build of golive's bundle shares (scripts/bundle.js, scripts/sea.js): how Node's own
// modules, Ink's dev mode, Yoga's WebAssembly and ssh2's native addon are handled.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';

export const ROOT = join(import.meta.dirname, '..');

/** esbuild options for bin/main.ts and what it imports. */
export function bundleOptions() {
  return {
    absWorkingDir: ROOT,
    bundle: true,
    format: 'esm',
    platform: 'node',
    target: 'node20',
    // React's production build: the development one checks and warns at every render.
    // ssh2's CommonJS names its own folder (a Windows helper's path, a fallback's data): the chunk's.
    define: { 'process.env.NODE_ENV': '"production"', __dirname: 'import.meta.dirname', __filename: 'import.meta.filename' },
    // The bundled CommonJS packages call require() for Node's own modules.
    banner: { js: "import { createRequire as bannerCreateRequire } from 'node:module'; const require = bannerCreateRequire(import.meta.url);" },
    plugins: [withoutInkDevMode(), yogaWithoutFetch(), nativeAddonsFromNodeModules()],
    external: ['cpu-features'],
    logLevel: 'warning',
  };
}

/**
 * Ink's dev mode (DEV=true) connects to React DevTools through react-devtools-core (not installed)
 * and ws, and reads Ink's package.json beside its own file: none of it is in the bundle, so dev
 * mode is off whatever DEV says, and Ink's devtools module is an empty one.
 */
function withoutInkDevMode() {
  return {
    name: 'without-ink-dev-mode',
    setup(b) {
      b.onLoad({ filter: /[\\/]ink[\\/]build[\\/]utils\.js$/ }, () => ({ contents: 'export const isDev = () => false;' }));
      b.onResolve({ filter: /^\.\/devtools\.js$/ }, ({ importer }) => (/[\\/]ink[\\/]/.test(importer) ? { path: 'ink-devtools', namespace: 'empty' } : undefined));
      b.onLoad({ filter: /.*/, namespace: 'empty' }, () => ({ contents: '' }));
    },
  };
}

/**
 * Yoga (Ink's layout) is WebAssembly inlined as a data: URL, which Emscripten reads with fetch():
 * that loads Node's whole HTTP client (undici) before the first frame. Handed the bytes as
 * `wasmBinary` (decoded by Buffer), it fetches nothing; the data: URL it no longer reads is emptied.
 */
function yogaWithoutFetch() {
  return {
    name: 'yoga-without-fetch',
    setup(b) {
      b.onLoad({ filter: /[\\/]yoga-layout[\\/]dist[\\/]binaries[\\/]yoga-wasm-base64-esm\.js$/ }, ({ path }) => {
        const source = readFileSync(path, 'utf8');
        const dataUrl = /"data:application\/octet-stream;base64,([A-Za-z0-9+/=]+)"/.exec(source);
        const exported = 'export default loadYoga;';
        if (!dataUrl || !source.includes(exported)) throw new Error('yoga-layout changed: see yogaWithoutFetch in scripts/bundle.js');
        const contents = source
          .replace(dataUrl[0], '"data:application/octet-stream;base64,"')
          .replace(exported, `export default (options) => loadYoga({ wasmBinary: Buffer.from('${dataUrl[1]}', 'base64'), ...options });`);
        return { contents, loader: 'js' };
      });
    },
  };
}

/** A native addon (ssh2's crypto) stays in node_modules, required there by its package path. */
function nativeAddonsFromNodeModules() {
  return {
    name: 'native-addons-from-node-modules',
    setup(b) {
      b.onResolve({ filter: /\.node$/ }, ({ path, resolveDir }) => {
        const absolute = join(resolveDir, path);
        const at = absolute.lastIndexOf('/node_modules/');
        return at < 0 ? undefined : { path: absolute.slice(at + '/node_modules/'.length), external: true };
      });
    },
  };
}
