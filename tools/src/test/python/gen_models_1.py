# Generates small ONNX models (with input.json) into the current directory: the regression corpus of
# tools/src/test/resources/generated-models, checked against ONNX Runtime by GeneratedModelsConformanceTest.
# Regenerate: cd tools/src/test/resources/generated-models && /usr/bin/python3 ../../python/gen_models_1.py  (Debian python3-onnx)
import onnx, json, numpy as np, os
from onnx import helper as h, TensorProto as T, numpy_helper as nh
rng = np.random.default_rng(0)
def save(name, nodes, inputs, outputs, inits, opset, feeds):
    g = h.make_graph(nodes, name, inputs, outputs, [nh.from_array(v, k) for k, v in inits.items()])
    m = h.make_model(g, opset_imports=[h.make_opsetid("", opset)])
    m.ir_version = 7
    os.makedirs(name, exist_ok=True)
    onnx.save(m, f"{name}/network.onnx")
    json.dump({"input_data": [list(map(float, np.asarray(f).ravel())) for f in feeds]}, open(f"{name}/input.json", "w"))
vi = lambda n, s: h.make_tensor_value_info(n, T.FLOAT, s)
f32 = lambda *s: rng.standard_normal(s).astype(np.float32)
# 1. opset 18 ReduceMean with axes as input + keepdims=0
save("reducemean_op18", [h.make_node("ReduceMean", ["x", "ax"], ["y"], keepdims=0)], [vi("x", [1, 4, 5])], [vi("y", [1, 5])],
     {"ax": np.array([1], np.int64)}, 18, [f32(1, 4, 5)])
# 2. opset 13 Split with split input, then Concat reversed
save("split_concat_op13", [h.make_node("Split", ["x", "sp"], ["a", "b"], axis=1), h.make_node("Concat", ["b", "a"], ["y"], axis=1)],
     [vi("x", [1, 6])], [vi("y", [1, 6])], {"sp": np.array([2, 4], np.int64)}, 13, [f32(1, 6)])
# 3. Conv with auto_pad SAME_UPPER, stride 2, dilation 1, groups 2 (opset 11)
save("conv_same_upper_groups", [h.make_node("Conv", ["x", "w", "b"], ["y"], auto_pad="SAME_UPPER", strides=[2, 2], group=2)],
     [vi("x", [1, 4, 7, 7])], [vi("y", [1, 6, 4, 4])], {"w": f32(6, 2, 3, 3) * 0.3, "b": f32(6)}, 11, [f32(1, 4, 7, 7)])
# 4. Gemm transA + alpha/beta + broadcast C scalar (opset 9)
save("gemm_transA_op9", [h.make_node("Gemm", ["x", "w", "c"], ["y"], transA=1, alpha=0.5, beta=2.0)],
     [vi("x", [3, 1])], [vi("y", [1, 4])], {"w": f32(3, 4), "c": np.array([0.25], np.float32)}, 9, [f32(3, 1)])
# 5. Clip opset 7 (attributes) and opset 13 (inputs) chained with LeakyRelu
save("clip_op7", [h.make_node("Clip", ["x"], ["c"], min=-0.5, max=0.75), h.make_node("LeakyRelu", ["c"], ["y"], alpha=0.2)],
     [vi("x", [1, 8])], [vi("y", [1, 8])], {}, 7, [f32(1, 8)])
save("clip_op13", [h.make_node("Clip", ["x", "lo", "hi"], ["y"])],
     [vi("x", [1, 8])], [vi("y", [1, 8])], {"lo": np.array(-0.5, np.float32), "hi": np.array(0.75, np.float32)}, 13, [f32(1, 8)])
# 6. MatMul batched broadcasting [2,3,4] x [4,5] + Softmax axis=-1 (opset 13)
save("matmul_batched_softmax", [h.make_node("MatMul", ["x", "w"], ["m"]), h.make_node("Softmax", ["m"], ["y"], axis=-1)],
     [vi("x", [2, 3, 4])], [vi("y", [2, 3, 5])], {"w": f32(4, 5)}, 13, [f32(2, 3, 4)])
# 7. Transpose perm + Reshape with -1 and 0 + Flatten axis 2 (opset 14)
save("transpose_reshape_flatten", [h.make_node("Transpose", ["x"], ["t"], perm=[0, 2, 1, 3]), h.make_node("Reshape", ["t", "s"], ["r"]),
     h.make_node("Flatten", ["r"], ["y"], axis=2)], [vi("x", [1, 2, 3, 4])], [vi("y", [6, 4])], {"s": np.array([0, -1, 2, 2], np.int64)}, 14, [f32(1, 2, 3, 4)])
# 8. LayerNormalization opset 17 with bias, axis -1
save("layernorm_op17", [h.make_node("LayerNormalization", ["x", "g", "b"], ["y"], axis=-1, epsilon=1e-5)],
     [vi("x", [1, 3, 8])], [vi("y", [1, 3, 8])], {"g": f32(8), "b": f32(8)}, 17, [f32(1, 3, 8)])
# 9. AveragePool with pads, count_include_pad=1, ceil_mode=1 (opset 19)
save("avgpool_ceil_op19", [h.make_node("AveragePool", ["x"], ["y"], kernel_shape=[3, 3], strides=[2, 2], pads=[1, 1, 1, 1], count_include_pad=1, ceil_mode=1)],
     [vi("x", [1, 2, 6, 6])], [vi("y", [1, 2, 4, 4])], {}, 19, [f32(1, 2, 6, 6)])
# 10. Pad reflect (opset 18 with axes input) + MaxPool dilations
save("pad_reflect_maxpool", [h.make_node("Pad", ["x", "p"], ["q"], mode="reflect"), h.make_node("MaxPool", ["q"], ["y"], kernel_shape=[2, 2], dilations=[2, 2])],
     [vi("x", [1, 1, 5, 5])], [vi("y", [1, 1, 5, 5])], {"p": np.array([0, 0, 1, 1, 0, 0, 1, 1], np.int64)}, 18, [f32(1, 1, 5, 5)])
# 11. Div by runtime + Sqrt + Abs + Neg (opset 13)
save("div_sqrt_abs", [h.make_node("Abs", ["x"], ["a"]), h.make_node("Sqrt", ["a"], ["s"]), h.make_node("Add", ["s", "one"], ["d"]),
     h.make_node("Div", ["x", "d"], ["q"]), h.make_node("Neg", ["q"], ["y"])], [vi("x", [1, 10])], [vi("y", [1, 10])], {"one": np.array([1.0], np.float32)}, 13, [f32(1, 10)])
# 12. Where/Greater/Equal (opset 16)
save("where_greater", [h.make_node("Greater", ["x", "z"], ["g"]), h.make_node("Where", ["g", "x", "k"], ["y"])],
     [vi("x", [2, 5])], [vi("y", [2, 5])], {"z": np.array([0.1], np.float32), "k": np.array([-1.0], np.float32)}, 16, [f32(2, 5)])
# 13. Gelu opset 20
save("gelu_op20", [h.make_node("Gelu", ["x"], ["y"], approximate="tanh")], [vi("x", [1, 16])], [vi("y", [1, 16])], {}, 20, [f32(1, 16)])
# 14. ConvTranspose with output_padding & stride 2 (opset 11)
save("convtranspose_outpad", [h.make_node("ConvTranspose", ["x", "w"], ["y"], strides=[2, 2], output_padding=[1, 1], pads=[1, 1, 1, 1])],
     [vi("x", [1, 2, 3, 3])], [vi("y", [1, 3, 6, 6])], {"w": f32(2, 3, 3, 3) * 0.3}, 11, [f32(1, 2, 3, 3)])
# 15. Unsqueeze/Squeeze opset 21 axes input + ReduceSum noop_with_empty_axes
save("squeeze_op21", [h.make_node("Unsqueeze", ["x", "a0"], ["u"]), h.make_node("ReduceSum", ["u", "a1"], ["r"], keepdims=1),
     h.make_node("Squeeze", ["r", "a2"], ["y"])], [vi("x", [3, 4])], [vi("y", [3])], {"a0": np.array([0], np.int64), "a1": np.array([2], np.int64), "a2": np.array([0, 2], np.int64)}, 21, [f32(3, 4)])
# 16. InstanceNormalization + PRelu with per-channel slope
save("instnorm_prelu", [h.make_node("InstanceNormalization", ["x", "g", "b"], ["n"]), h.make_node("PRelu", ["n", "sl"], ["y"])],
     [vi("x", [1, 3, 4, 4])], [vi("y", [1, 3, 4, 4])], {"g": f32(3), "b": f32(3), "sl": np.array([0.1, 0.2, 0.3], np.float32).reshape(3, 1, 1)}, 13, [f32(1, 3, 4, 4)])
# 17. Elu / HardSigmoid / Exp / Log chain
save("elu_hardsigmoid_log", [h.make_node("Elu", ["x"], ["e"], alpha=0.7), h.make_node("HardSigmoid", ["e"], ["hs"], alpha=0.3, beta=0.4),
     h.make_node("Add", ["hs", "c"], ["p"]), h.make_node("Log", ["p"], ["y"])], [vi("x", [1, 12])], [vi("y", [1, 12])], {"c": np.array([0.5], np.float32)}, 13, [f32(1, 12)])
# 18. Gather with negative indices on axis 1, ArgMax keepdims=0
save("gather_argmax", [h.make_node("Gather", ["x", "i"], ["g"], axis=1), h.make_node("ReduceMax", ["g"], ["y"], axes=[1], keepdims=0)],
     [vi("x", [2, 6])], [vi("y", [2])], {"i": np.array([-1, 0, 2], np.int64)}, 13, [f32(2, 6)])
# 19. Pow constant exponent 3 and 0.5 on |x|
save("pow_const", [h.make_node("Abs", ["x"], ["a"]), h.make_node("Pow", ["a", "e"], ["y"])], [vi("x", [1, 9])], [vi("y", [1, 9])], {"e": np.array(3.0, np.float32)}, 13, [f32(1, 9)])
# 20. Slice with steps and negative starts (opset 13)
save("slice_steps", [h.make_node("Slice", ["x", "st", "en", "ax", "sp"], ["y"])], [vi("x", [1, 10])], [vi("y", [1, 4])],
     {"st": np.array([-2], np.int64), "en": np.array([-10], np.int64), "ax": np.array([1], np.int64), "sp": np.array([-2], np.int64)}, 13, [f32(1, 10)])
print("ok")
