#!/usr/bin/python3
"""The ONNX checker's full check, with strict shape inference, over RnnZoo's exported models (issue 16).

Needs Debian's python3-onnx (apt-get install -y python3-onnx, onnx 1.12, opsets up to 17); run with /usr/bin/python3.
Not part of the test suite: run it by hand on files written by `rnnzoo export` or kept by the export tests:

    mkdir -p /tmp/rnnzoo-onnx
    RNNZOO_ONNX_DIR=/tmp/rnnzoo-onnx dotnet test Tests --filter FullyQualifiedName~OnnxExportTests
    /usr/bin/python3 scripts/onnx/check.py /tmp/rnnzoo-onnx           # or: check.py FILE.onnx ...

For each file: onnx.checker.check_model(full_check=True), then onnx.shape_inference.infer_shapes(check_type=True,
strict_mode=True); prints the opset, the operators used, the inferred output shape and OK, or the checker's error.
Exit code 0 when every file passes, 1 otherwise.
"""
import glob
import os
import sys

import onnx
from onnx import checker, shape_inference


def dims(value_info):
    shape = value_info.type.tensor_type.shape
    return "[" + ", ".join(d.dim_param or (str(d.dim_value) if d.HasField("dim_value") else "?") for d in shape.dim) + "]"


def check(path):
    model = onnx.load(path)
    checker.check_model(model, full_check=True)
    inferred = shape_inference.infer_shapes(model, check_type=True, strict_mode=True)
    ops = sorted({n.op_type for n in inferred.graph.node})
    opset = ", ".join(f"{o.domain or 'ai.onnx'} {o.version}" for o in model.opset_import)
    inputs = ", ".join(f"{i.name} {dims(i)}" for i in inferred.graph.input)
    outputs = ", ".join(f"{o.name} {dims(o)}" for o in inferred.graph.output)
    return f"opset {opset}, IR {model.ir_version}; inputs {inputs}; outputs {outputs}; ops {' '.join(ops)}"


def main(arguments):
    if not arguments:
        print(__doc__)
        return 2
    files = []
    for a in arguments:
        files += sorted(glob.glob(os.path.join(a, "*.onnx"))) if os.path.isdir(a) else [a]
    failures = 0
    print(f"onnx {onnx.__version__}")
    for path in files:
        try:
            print(f"OK    {os.path.basename(path)}: {check(path)}")
        except Exception as e:  # the checker's own exception types differ between versions
            failures += 1
            print(f"FAIL  {os.path.basename(path)}: {type(e).__name__}: {e}")
    print(f"{len(files) - failures} passed, {failures} failed")
    return 1 if failures else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
