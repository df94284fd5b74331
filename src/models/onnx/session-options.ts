/**
 * onnxruntime session options for this kind of machine. Intra-op worker threads that spin
 * while waiting take a core from the JavaScript thread between runs: on 2 cores, turning
 * spinning off made batched generation of a 6×384 model 1.4× faster (benchmarks/speed (b)).
 */
export function sessionOptions(threads: number): Record<string, unknown> {
  return {
    intraOpNumThreads: threads,
    interOpNumThreads: 1,
    extra: { session: { intra_op: { allow_spinning: '0' } } },
  };
}
