/**
 * Loads the benchmarks' TypeScript (and the packages' sources they import) as the published
 * packages ship it: Backstage's build (`backstage-cli package build`, esbuild) targets ES2023, so
 * optional chaining, `??` and class fields stay native. `sucrase/register` alone would rewrite
 * each `a?.b` into a helper call with closures, a cost no deployment pays (about 3 s of the 50,000
 * components' run). Types are stripped and imports made CommonJS, as before.
 */
const { addHook } = require('sucrase/dist/register');

addHook('.ts', {
  transforms: ['imports', 'typescript'],
  disableESTransforms: true,
});
