import { execFileSync } from 'node:child_process';

/** A bench model needs Python with PyTorch and onnx; without them say what to install, not a stack trace. */
export class BenchSetupError extends Error {}

export function buildPython(): string {
  const python = process.env['HELDOUT_BUILD_PYTHON'] ?? '/usr/bin/python3';
  try {
    execFileSync(python, ['-c', 'import torch, onnx'], { stdio: 'ignore' });
  } catch {
    throw new BenchSetupError([
      `the bench builds its models with Python, PyTorch (>= 1.13) and onnx, and ${python} cannot import them.`,
      'Install them, e.g. on Debian/Ubuntu: apt-get install python3-torch python3-onnx libopenblas0-pthread',
      '(or pip install torch onnx), and point HELDOUT_BUILD_PYTHON at that interpreter if it is not /usr/bin/python3.',
      'Without --large and the memory row, `npm run bench -- --only a,b,c,d,e` needs no Python.',
    ].join('\n'));
  }
  return python;
}

export function runPython(script: string, args: string[]): void {
  execFileSync(buildPython(), ['-W', 'ignore', script, ...args], { stdio: ['ignore', 'inherit', 'inherit'] });
}
