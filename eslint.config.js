import js from '@eslint/js';
import tseslint from 'typescript-eslint';

/**
 * Which folder may import which: the README's Development section draws the same map. A layer
 * names the folders it must not reach; `steps/` only comes in through bin/main.ts.
 */
const STEPS = { folders: ['steps'], message: 'nothing under src/ imports steps/: the steps reach the program as data, from bin/main.ts' };
const layer = (name, forbidden) => ({ folders: forbidden, message: `${name} must not import ${forbidden.join(', ')}: see the README's Development map` });
const KNOWLEDGE = ['answers', 'audit', 'backup', 'baseline', 'checks', 'containers', 'crowdsec', 'facts', 'fail2ban', 'firewall', 'secrets', 'sshd', 'tls', 'updates'];
const NO_ENUMS = { selector: 'TSEnumDeclaration', message: 'Use a union of string literals instead of an enum.' };
// Static imports through no-restricted-imports; `await import(...)` through a selector on its path.
const rules = (...layers) => ({
  'no-restricted-imports': ['error', { patterns: layers.map(({ folders, message }) => ({ group: folders.map((f) => `**/${f}/*`), message })) }],
  'no-restricted-syntax': ['error', NO_ENUMS, ...layers.map(({ folders, message }) => ({ selector: `ImportExpression > Literal[value=/(^|\\/)(${folders.join('|')})\\//]`, message }))],
});
const LAYERS = [
  { files: ['src/*.ts'], rules: rules(STEPS, layer('src/*.ts (the basics)', ['target', 'engine', 'session', 'ui', 'cli', ...KNOWLEDGE])) },
  { files: ['src/target/**'], rules: rules(STEPS, layer('src/target', ['engine', 'session', 'ui', 'cli', ...KNOWLEDGE.filter((k) => k !== 'answers')])) },
  { files: ['src/engine/**'], rules: rules(STEPS, layer('src/engine', ['session', 'ui', 'cli', ...KNOWLEDGE])) },
  { files: KNOWLEDGE.map((k) => `src/${k}/**`), rules: rules(STEPS, layer('the step knowledge', ['session', 'ui', 'cli'])) },
  { files: ['src/session/**'], rules: rules(STEPS, layer('src/session', ['ui', 'cli', 'fleet', 'export'])) },
  { files: ['src/fleet/**'], rules: rules(STEPS, layer('src/fleet', ['ui', 'cli', 'export'])) },
  { files: ['src/export/**'], rules: rules(STEPS, layer('src/export', ['session', 'ui', 'cli', 'fleet', ...KNOWLEDGE])) },
  { files: ['src/ui/**'], rules: rules(STEPS, layer('src/ui', ['cli'])) },
  { files: ['src/cli/**'], rules: rules(STEPS) },
  { files: ['steps/**'], rules: rules(layer('steps/', ['session', 'ui', 'cli'])) },
];

export default tseslint.config(
  { ignores: ['dist/', 'node_modules/'] },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    files: ['bin/**/*.js', 'scripts/**/*.js', 'eslint.config.js'],
    languageOptions: { globals: { process: 'readonly', console: 'readonly' } },
  },
  {
    rules: {
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_' }],
      'no-restricted-syntax': ['error', NO_ENUMS],
    },
  },
  // Small functions: a component, hook or step function that outgrows a screen is split.
  { files: ['src/**', 'steps/**'], rules: { 'max-lines-per-function': ['error', { max: 60, skipBlankLines: true, skipComments: true, IIFEs: true }] } },
  ...LAYERS,
);
