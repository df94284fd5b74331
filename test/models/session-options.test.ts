import { spawn } from 'node:child_process';
import { existsSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { ConfigError } from '../../src/errors.js';
import { othersBusyCores, sessionOptions, spinning } from '../../src/models/onnx/session-options.js';

describe('onnxruntime spinning', () => {
  it('follows HELDOUT_ORT_SPINNING when it is set', async () => {
    expect(await spinning({ HELDOUT_ORT_SPINNING: 'on' })).toBe(true);
    expect(await spinning({ HELDOUT_ORT_SPINNING: 'OFF' })).toBe(false);
    expect(await spinning({ HELDOUT_ORT_SPINNING: '1' })).toBe(true);
    await expect(spinning({ HELDOUT_ORT_SPINNING: 'fast' })).rejects.toThrow(ConfigError);
    await expect(spinning({ HELDOUT_ORT_SPINNING: 'fast' })).rejects.toThrow(/expected on, off or auto/);
  });

  it('puts the choice in the session options', async () => {
    const opts = await sessionOptions(2) as { intraOpNumThreads: number; extra: { session: { intra_op: { allow_spinning: string } } } };
    expect(opts.intraOpNumThreads).toBe(2);
    expect(['0', '1']).toContain(opts.extra.session.intra_op.allow_spinning);
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
