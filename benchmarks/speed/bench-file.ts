import { mkdir, writeFile } from 'node:fs/promises';
import path from 'node:path';

const TOY_GLOB = path.resolve(import.meta.dirname, '..', '..', 'tasks', 'toy');

/**
 * A one-model benchmark over every toy task (the smoke benchmark's tasks and settings), written
 * next to its run so task globs and the model source resolve the way a user's file would.
 */
export async function writeSpeedBenchmark(dir: string, modelDir: string, batchSize: number): Promise<string> {
  await mkdir(dir, { recursive: true });
  const file = path.join(dir, 'speed.yaml');
  const tasks = path.relative(dir, path.join(TOY_GLOB, '*', 'task.yaml')).split(path.sep).join('/');
  await writeFile(file, [
    'name: speed',
    `tasks: [${JSON.stringify(tasks)}]`,
    'models:',
    `  base: { source: ${JSON.stringify(path.resolve(modelDir))}, format: plain }`,
    'seed: 1234',
    `generation: { batch_size: ${batchSize} }`,
    '',
  ].join('\n'));
  return file;
}
