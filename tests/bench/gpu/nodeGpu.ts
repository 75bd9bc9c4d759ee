/**
 * WebGPU in Node through Dawn (the optional `webgpu` npm package, dawn.node): installs
 * `navigator.gpu` and the GPU* globals before tfjs's webgpu backend is imported (it registers
 * only when navigator.gpu exists). Import this module first. RD_WEBGPU_MODULE names the
 * package's index.js when it is not installed in node_modules (the device machine).
 */
import { cpus } from 'node:os';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';

const require = createRequire(import.meta.url);
const modulePath = process.env.RD_WEBGPU_MODULE ?? require.resolve('webgpu');
// dawn.node directly (index.js only picks the platform folder): dist/<platform>-<arch>/dawn.node.
const dawn = require(join(dirname(modulePath), 'dist', `${process.platform}-${process.arch}`, 'dawn.node')) as {
  create(flags: string[]): unknown;
  globals: Record<string, unknown>;
};
Object.assign(globalThis, dawn.globals);
const flags = (process.env.RD_DAWN_FLAGS ?? '').split(',').filter(Boolean);
Object.defineProperty(globalThis, 'navigator', {
  value: { gpu: dawn.create(flags), hardwareConcurrency: cpus().length, userAgent: `node ${process.version}` },
  configurable: true,
});
