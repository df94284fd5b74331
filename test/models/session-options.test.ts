import { spawn } from 'node:child_process';
import { existsSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { ConfigError } from '../../src/errors.js';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { approxParameters, othersBusyCores, sessionOptions, SMALL_MODEL_PARAMETERS, spinning } from '../../src/models/onnx/session-options.js';
import { ROOT } from '../helpers/paths.js';

describe('onnxruntime spinning', () => {
  it('follows HELDOUT_ORT_SPINNING when it is set', async () => {
    expect(await spinning({ HELDOUT_ORT_SPINNING: 'on' })).toBe(true);
    expect(await spinning({ HELDOUT_ORT_SPINNING: 'OFF' })).toBe(false);
    expect(await spinning({ HELDOUT_ORT_SPINNING: '1' })).toBe(true);
    await expect(spinning({ HELDOUT_ORT_SPINNING: 'fast' })).rejects.toThrow(ConfigError);
    await expect(spinning({ HELDOUT_ORT_SPINNING: 'fast' })).rejects.toThrow(/expected on, off or auto/);
  });

  it('never lets a model past the small size spin unless asked', async () => {
    expect(await spinning({}, false)).toBe(false);
    expect(await spinning({ HELDOUT_ORT_SPINNING: 'on' }, false)).toBe(true);
  });

  it('sizes a model from its config: the shipped toy pair is small, a 6×384 model or a real checkpoint is not', () => {
    const tiny = JSON.parse(readFileSync(path.join(ROOT, 'models/tiny-base/config.json'), 'utf8')) as Record<string, unknown>;
    expect(approxParameters(tiny)).toBe(1024 * 128 + 3 * (4 * 128 * 128 + 2 * 128 * 512));
    expect(approxParameters(tiny)!).toBeLessThanOrEqual(SMALL_MODEL_PARAMETERS);
    expect(approxParameters({ ...tiny, n_embd: 384, n_layer: 6, n_inner: 1536 })!).toBeGreaterThan(SMALL_MODEL_PARAMETERS);
    // Qwen3-0.6B's shape; Gemma 3 nests it under text_config
    const qwen = { vocab_size: 151936, hidden_size: 1024, num_hidden_layers: 28, intermediate_size: 3072 };
    expect(approxParameters(qwen)!).toBeGreaterThan(4e8);
    expect(approxParameters({ text_config: qwen })).toBe(approxParameters(qwen));
    expect(approxParameters({ model_type: 'mystery' })).toBeUndefined();
  });

  it('puts the choice in the session options', async () => {
    const opts = await sessionOptions(2, {}) as { intraOpNumThreads: number; extra: { session: { intra_op: { allow_spinning: string } } } };
    expect(opts.intraOpNumThreads).toBe(2);
    // a config that does not say its size is not taken for small
    expect(opts.extra.session.intra_op.allow_spinning).toBe(process.env['HELDOUT_ORT_SPINNING'] === 'on' ? '1' : '0');
  });

  it.skipIf(!existsSync('/proc/stat'))('counts another process that keeps a core busy', async () => {
    const child = spawn(process.execPath, ['-e', 'for (;;) {}'], { stdio: 'ignore' });
    try {
      await new Promise((resolve) => setTimeout(resolve, 200));
      expect(await othersBusyCores(300)).toBeGreaterThan(0.5);
    } finally {
      child.kill('SIGKILL');
    }
  });
});
