#!/usr/bin/env python3
"""Writes a tiny image CNN as ONNX, an input and the numpy reference of its outputs, for the Java tests.

    Conv 3->4, 3x3, pad 1 -> Relu -> GlobalAveragePool -> Flatten   output "features" [N, 4]
                                   -> GlobalMaxPool     -> Flatten   output "max"      [N, 4]

Files written to OUT_DIR:
  tiny_cnn_fixed.onnx    input "image" [1, 3, 32, 32]
  tiny_cnn_dynamic.onnx  input "image" [N, 3, H, W] (symbolic)
  not_an_image_model.onnx  Relu on a [1, 10] input (valid ONNX, but not an image CNN)
  input.bin              one image [1, 3, 32, 32], float32 little-endian, seeded normal values
  expected_features.bin  numpy reference of "features" for input.bin, float32 little-endian
  expected_max.bin       numpy reference of "max"
  numpy_f8.npy           [3, 5] float64, C order, values i * 10 + j    (for the .npy reader)
  numpy_f4_fortran.npy   the same as float32 in Fortran order
  numpy_f8.names.txt, numpy_f4_fortran.names.txt   names r0 r1 r2

Needs numpy and onnx (Debian: python3-onnx, installed by scripts/setup-debian.sh). Weights are fixed by a
seed, so every run writes the same bytes.
"""
import sys

import numpy as np
import onnx
from onnx import TensorProto, helper, numpy_helper


def model(dynamic, weight, bias):
    dims = ["N", 3, "H", "W"] if dynamic else [1, 3, 32, 32]
    image = helper.make_tensor_value_info("image", TensorProto.FLOAT, dims)
    features = helper.make_tensor_value_info("features", TensorProto.FLOAT, ["N" if dynamic else 1, 4])
    maximum = helper.make_tensor_value_info("max", TensorProto.FLOAT, ["N" if dynamic else 1, 4])
    nodes = [
        helper.make_node("Conv", ["image", "W", "B"], ["conv"], kernel_shape=[3, 3], pads=[1, 1, 1, 1]),
        helper.make_node("Relu", ["conv"], ["relu"]),
        helper.make_node("GlobalAveragePool", ["relu"], ["avg"]),
        helper.make_node("Flatten", ["avg"], ["features"]),
        helper.make_node("GlobalMaxPool", ["relu"], ["mx"]),
        helper.make_node("Flatten", ["mx"], ["max"]),
    ]
    graph = helper.make_graph(nodes, "tiny_cnn", [image], [features, maximum],
                              initializer=[numpy_helper.from_array(weight, "W"), numpy_helper.from_array(bias, "B")])
    m = helper.make_model(graph, opset_imports=[helper.make_opsetid("", 13)], producer_name="rnn4j-test")
    m.ir_version = 8
    onnx.checker.check_model(m)
    return m


def reference(x, weight, bias):
    """Conv (cross-correlation, zero padding 1) + bias, ReLU, then mean and max over space, in float64."""
    n, c, h, w = x.shape
    padded = np.zeros((n, c, h + 2, w + 2))
    padded[:, :, 1:-1, 1:-1] = x
    out = np.zeros((n, weight.shape[0], h, w))
    for dy in range(3):
        for dx in range(3):
            patch = padded[:, :, dy:dy + h, dx:dx + w]
            out += np.einsum("nchw,oc->nohw", patch, weight[:, :, dy, dx].astype(np.float64))
    out += bias.astype(np.float64)[None, :, None, None]
    out = np.maximum(out, 0)
    return out.mean(axis=(2, 3)), out.max(axis=(2, 3))


def main(out_dir):
    rng = np.random.default_rng(20240501)
    weight = (rng.standard_normal((4, 3, 3, 3)) * 0.5).astype(np.float32)
    bias = (rng.standard_normal(4) * 0.1).astype(np.float32)
    onnx.save(model(False, weight, bias), f"{out_dir}/tiny_cnn_fixed.onnx")
    onnx.save(model(True, weight, bias), f"{out_dir}/tiny_cnn_dynamic.onnx")
    vector = helper.make_tensor_value_info("x", TensorProto.FLOAT, [1, 10])
    relu = helper.make_tensor_value_info("y", TensorProto.FLOAT, [1, 10])
    other = helper.make_model(helper.make_graph([helper.make_node("Relu", ["x"], ["y"])], "relu", [vector], [relu]),
                              opset_imports=[helper.make_opsetid("", 13)])
    other.ir_version = 8
    onnx.save(other, f"{out_dir}/not_an_image_model.onnx")
    x = rng.standard_normal((1, 3, 32, 32)).astype(np.float32)
    x.astype("<f4").tofile(f"{out_dir}/input.bin")
    avg, mx = reference(x.astype(np.float64), weight, bias)
    avg.astype("<f4").tofile(f"{out_dir}/expected_features.bin")
    mx.astype("<f4").tofile(f"{out_dir}/expected_max.bin")
    table = np.array([[i * 10 + j for j in range(5)] for i in range(3)], dtype=np.float64)
    np.save(f"{out_dir}/numpy_f8.npy", table)
    np.save(f"{out_dir}/numpy_f4_fortran.npy", np.asfortranarray(table.astype(np.float32)))
    for stem in ("numpy_f8", "numpy_f4_fortran"):
        with open(f"{out_dir}/{stem}.names.txt", "w") as f:
            f.write("r0\nr1\nr2\n")


if __name__ == "__main__":
    if len(sys.argv) != 2:
        sys.exit("usage: make_tiny_cnn.py OUT_DIR")
    main(sys.argv[1])
