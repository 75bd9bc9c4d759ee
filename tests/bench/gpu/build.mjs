/**
 * Bundles tests/bench/gpu/nodeWebgpu.ts (the app's own worker code: backend choice, toy and MLP
 * benches, fused checks) into one Node script under tests/scratch/node-webgpu/, with tfjs's
 * wasm binaries beside it, so it runs where only `node` and dawn.node exist (the device machine).
 * Usage: node tests/bench/gpu/build.mjs
 */
import { build } from 'esbuild';
import { copyFileSync, mkdirSync } from 'node:fs';
import { basename } from 'node:path';

const out = 'tests/scratch/node-webgpu';
mkdirSync(out, { recursive: true });
const wasmDir = 'node_modules/@tensorflow/tfjs-backend-wasm/dist';
/** Vite's `?url` imports of the wasm binaries become paths beside the bundle. */
const urlImports = {
  name: 'url-imports',
  setup(b) {
    b.onResolve({ filter: /\?url$/ }, (args) => ({
      path: basename(args.path.replace(/\?url$/, '')),
      namespace: 'url',
    }));
    b.onLoad({ filter: /.*/, namespace: 'url' }, (args) => {
      copyFileSync(`${wasmDir}/${args.path}`, `${out}/${args.path}`);
      return {
        contents: `import { fileURLToPath } from 'node:url'; export default fileURLToPath(new URL(${JSON.stringify(`./${args.path}`)}, import.meta.url));`,
        loader: 'js',
      };
    });
  },
};
await build({
  entryPoints: ['tests/bench/gpu/nodeWebgpu.ts'],
  bundle: true,
  platform: 'node',
  mainFields: ['module', 'main'], // the ES builds the app bundles (the .node.js mains are marked side-effect free)
  format: 'esm',
  target: 'node20',
  outfile: `${out}/node-webgpu.mjs`,
  plugins: [urlImports],
  // CommonJS names that tfjs's emscripten loaders use in Node.
  banner: {
    js: "import { createRequire as __cr } from 'node:module'; import { fileURLToPath as __fu } from 'node:url'; const require = __cr(import.meta.url); const __filename = __fu(import.meta.url); const __dirname = __filename.replace(/[^/]*$/, '');",
  },
  logLevel: 'warning',
});
console.log(`built ${out}/node-webgpu.mjs`);
