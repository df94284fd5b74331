import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['test/**/*.test.ts'],
    testTimeout: 120_000,
    hookTimeout: 300_000,
    // Model tests load ONNX sessions; two cores, so keep files from fighting over them.
    maxWorkers: 2,
  },
});
