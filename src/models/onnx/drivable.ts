import path from 'node:path';
import { ModelError } from '../../errors.js';
import type { ModelFolder } from './files.js';
import type { OnnxValue } from './onnx-graph.js';

/**
 * Element types the decoders feed and read: a float32 or float16 cache and logits (fp16 and
 * q4f16 exports keep both in float16: heldout feeds the cache back as is and scores the logits
 * in float32). `unknown` is a graph that does not declare the type: onnxruntime knows it, so it
 * is not refused here.
 */
const DRIVABLE = ['float', 'float16', 'unknown'];

/**
 * What heldout's decoders cannot drive, as an error naming the file, the input or output and the
 * way out, before a run starts (onnxruntime's own errors come mid-run and name neither).
 */
export function checkDrivable(folder: ModelFolder): void {
  for (const s of folder.files.sessions) {
    const file = path.join(folder.dir, s.rel);
    const past = s.summary.inputs.find((i) => i.name.startsWith('past_key_values.') && !DRIVABLE.includes(i.type));
    if (past) throw typeError(folder, file, `input ${past.name}`, past);
    const logits = s.summary.outputs.find((o) => o.name === 'logits' && !DRIVABLE.includes(o.type));
    if (logits) throw typeError(folder, file, 'output logits', logits);
    if (!folder.encoderDecoder) checkCausalInputs(file, s.summary.inputs);
  }
}

function typeError(folder: ModelFolder, file: string, what: string, value: OnnxValue): ModelError {
  const others = [...new Set(folder.files.found.filter((f) => f.dtype !== folder.files.dtype).map((f) => f.dtype))];
  const also = others.length ? `; this folder also has: ${others.join(', ')} (set the model's dtype: models.<name>.dtype in the benchmark)` : '';
  return new ModelError(`${file}: ${what} is ${value.type}; heldout's decoders read float32 or float16 (dtype ${folder.files.dtype})`, {
    file, hint: `use a variant whose cache and logits are float32 or float16 (fp32, fp16, q8, q4 or q4f16 exports), or export the model again with one${also}`,
  });
}

/**
 * The inputs a decoder-only graph is fed: input_ids, and position_ids of shape [batch, sequence].
 * Vision-language decoders (Qwen2-VL's mrope position_ids [3, batch, sequence], inputs_embeds
 * instead of input_ids) need their own pipeline.
 */
function checkCausalInputs(file: string, inputs: OnnxValue[]): void {
  if (!inputs.some((i) => i.name === 'input_ids')) {
    const embeds = inputs.some((i) => i.name === 'inputs_embeds');
    throw new ModelError(`${file} has no input_ids input${embeds ? ' (it takes inputs_embeds: the language half of a multimodal export)' : ''}; heldout feeds token ids to a decoder-only model`, {
      file, hint: 'export the text model with input_ids (optimum-cli export onnx --task text-generation-with-past), or use a text-only checkpoint',
    });
  }
  const positions = inputs.find((i) => i.name === 'position_ids');
  if (!positions?.shape || positions.shape.length === 2) return;
  throw new ModelError(`${file}: input position_ids has shape [${positions.shape.join(', ')}]; heldout feeds position_ids as [batch, sequence]`, {
    file,
    hint: positions.shape.length === 3
      ? 'a [3, batch, sequence] position_ids is multimodal rotary positions (Qwen2-VL-style mrope), which heldout does not compute: evaluate a text-only export of the model'
      : 'export the model with position_ids of shape [batch_size, sequence_length]',
  });
}
