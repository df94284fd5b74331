import os from 'node:os';
import path from 'node:path';
import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['test/**/*.test.ts'],
    testTimeout: 120_000,
    hookTimeout: 300_000,
    // Model tests load ONNX sessions; two cores, so keep files from fighting over them.
    maxWorkers: 2,
    // Tests never read or fill the user's answer cache.
    env: { HELDOUT_CACHE_DIR: path.join(os.tmpdir(), `heldout-test-cache-${process.pid}`) },
  },
});
