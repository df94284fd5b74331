export { buildTinyDecoder, type TinyDecoder, type TinyDecoderOptions } from './build-folder.js';
export { loadTokenizerFiles, tokenizerDir, type TokenizerName } from './tokenizers.js';
export { decoderGraph, type DecoderDims, type DecoderVariant } from './decoder-graph.js';
export { encodeModel, type GraphSpec } from './onnx-proto.js';
export { floatToHalf, toFloat16Graph } from './float16.js';
export { toQ4Graph } from './q4.js';
