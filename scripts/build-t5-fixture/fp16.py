"""Write the fp16 variant of a fixture's ONNX files, as fp16 hub exports ship them: every float
initializer and Constant stored as float16 (clipped to +-65504, float16's finite range), float
inputs and outputs declared float16, Cast to float retargeted to float16, so the whole graph
computes in half precision (onnxruntime's CPU provider casts around ops it has no float16
kernel for). <stem>.onnx -> <stem>_fp16.onnx beside it.

  /usr/bin/python3 scripts/build-t5-fixture/fp16.py test/fixtures/tiny-t5-tuned
"""
import sys
from pathlib import Path

import numpy as np
import onnx
from onnx import AttributeProto, TensorProto, numpy_helper

HALF_MAX = 65504.0


def half_tensor(t: TensorProto) -> TensorProto:
    if t.data_type != TensorProto.FLOAT:
        return t
    values = np.clip(numpy_helper.to_array(t), -HALF_MAX, HALF_MAX).astype(np.float16)
    return numpy_helper.from_array(values, t.name)


def half_graph(g: onnx.GraphProto) -> None:
    for t in g.initializer:
        t.CopyFrom(half_tensor(t))
    for v in [*g.input, *g.output, *g.value_info]:
        if v.type.tensor_type.elem_type == TensorProto.FLOAT:
            v.type.tensor_type.elem_type = TensorProto.FLOAT16
    for node in g.node:
        for a in node.attribute:
            if node.op_type == 'Cast' and a.name == 'to' and a.i == TensorProto.FLOAT:
                a.i = TensorProto.FLOAT16
            elif a.type == AttributeProto.TENSOR:
                a.t.CopyFrom(half_tensor(a.t))
            elif a.type == AttributeProto.GRAPH:
                half_graph(a.g)


def main(folder: str) -> None:
    for src in sorted(Path(folder, 'onnx').glob('*.onnx')):
        if src.stem.endswith('_fp16'):
            continue
        model = onnx.load(str(src))
        half_graph(model.graph)
        del model.graph.value_info[:]  # intermediate types are inferred again
        onnx.checker.check_model(model)
        dst = src.with_name(f'{src.stem}_fp16.onnx')
        onnx.save(model, str(dst))
        print(f'wrote {dst} ({dst.stat().st_size} bytes)')


if __name__ == '__main__':
    main(sys.argv[1])
