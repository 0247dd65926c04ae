# Generates small ONNX models (with input.json) into the current directory: the regression corpus of
# tools/src/test/resources/generated-models, checked against ONNX Runtime by GeneratedModelsConformanceTest.
# Regenerate: cd tools/src/test/resources/generated-models && /usr/bin/python3 ../../python/gen_models_2.py  (Debian python3-onnx)
import onnx, json, numpy as np, os
from onnx import helper as h, TensorProto as T, numpy_helper as nh
rng = np.random.default_rng(1)
def save(name, nodes, inputs, outputs, inits, opset, feeds):
    g = h.make_graph(nodes, name, inputs, outputs, [nh.from_array(v, k) for k, v in inits.items()])
    m = h.make_model(g, opset_imports=[h.make_opsetid("", opset)]); m.ir_version = 7
    os.makedirs(name, exist_ok=True); onnx.save(m, f"{name}/network.onnx")
    json.dump({"input_data": [list(map(float, np.asarray(f).ravel())) for f in feeds]}, open(f"{name}/input.json", "w"))
vi = lambda n, s, t=T.FLOAT: h.make_tensor_value_info(n, t, s)
f32 = lambda *s: rng.standard_normal(s).astype(np.float32)
i64 = lambda *v: np.array(v, np.int64)
save("resize_nearest_op13", [h.make_node("Resize", ["x", "", "sc"], ["y"], mode="nearest")], [vi("x", [1, 1, 2, 3])], [vi("y", [1, 1, 4, 6])],
     {"sc": np.array([1, 1, 2, 2], np.float32)}, 13, [f32(1, 1, 2, 3)])
save("expand_tile", [h.make_node("Expand", ["x", "s"], ["e"]), h.make_node("Tile", ["e", "r"], ["y"])], [vi("x", [3, 1])], [vi("y", [3, 8])],
     {"s": i64(3, 4), "r": i64(1, 2)}, 13, [f32(3, 1)])
save("depth_to_space", [h.make_node("DepthToSpace", ["x"], ["y"], blocksize=2, mode="CRD")], [vi("x", [1, 4, 2, 2])], [vi("y", [1, 1, 4, 4])], {}, 13, [f32(1, 4, 2, 2)])
save("hardmax_topk", [h.make_node("Hardmax", ["x"], ["hm"], axis=-1), h.make_node("TopK", ["x", "k"], ["v", "i"], axis=-1), h.make_node("Add", ["hm", "v2"], ["y"]),
     h.make_node("ReduceSum", ["v", "rax"], ["v2"], keepdims=1)], [vi("x", [2, 6])], [vi("y", [2, 6])], {"k": i64(2), "rax": i64(1)}, 13, [f32(2, 6)])
save("variadic_minmax_sum", [h.make_node("Max", ["x", "a", "b"], ["m"]), h.make_node("Min", ["m", "c"], ["n"]), h.make_node("Sum", ["n", "x", "a"], ["y"])],
     [vi("x", [2, 4])], [vi("y", [2, 4])], {"a": f32(4), "b": f32(2, 1), "c": np.array([0.5], np.float32)}, 13, [f32(2, 4)])
save("round_floor_sign", [h.make_node("Round", ["x"], ["r"]), h.make_node("Floor", ["x"], ["f"]), h.make_node("Sign", ["x"], ["s"]),
     h.make_node("Sum", ["r", "f", "s"], ["y"])], [vi("x", [1, 10])], [vi("y", [1, 10])], {}, 13, [f32(1, 10) * 3])
save("softplus_selu_mish", [h.make_node("Softplus", ["x"], ["a"]), h.make_node("Selu", ["x"], ["b"]), h.make_node("Mish", ["x"], ["c"]),
     h.make_node("Sum", ["a", "b", "c"], ["y"])], [vi("x", [1, 12])], [vi("y", [1, 12])], {}, 18, [f32(1, 12)])
save("global_max_l2", [h.make_node("GlobalMaxPool", ["x"], ["g"]), h.make_node("ReduceL2", ["x"], ["l"], axes=[2, 3], keepdims=1), h.make_node("Add", ["g", "l"], ["y"])],
     [vi("x", [1, 3, 4, 4])], [vi("y", [1, 3, 1, 1])], {}, 13, [f32(1, 3, 4, 4)])
save("nhwc_conv_tf_style", [h.make_node("Transpose", ["x"], ["t"], perm=[0, 3, 1, 2]), h.make_node("Conv", ["t", "w"], ["c"], pads=[1, 1, 1, 1]),
     h.make_node("Relu", ["c"], ["r"]), h.make_node("Transpose", ["r"], ["y"], perm=[0, 2, 3, 1])], [vi("x", [1, 5, 5, 3])], [vi("y", [1, 5, 5, 2])],
     {"w": f32(2, 3, 3, 3) * 0.4}, 13, [f32(1, 5, 5, 3)])
save("shape_arith_reshape", [h.make_node("Shape", ["x"], ["s"]), h.make_node("Gather", ["s", "i0"], ["b"], axis=0), h.make_node("Unsqueeze", ["b", "ax"], ["bu"]),
     h.make_node("Concat", ["bu", "m1"], ["ns"], axis=0), h.make_node("Reshape", ["x", "ns"], ["y"])], [vi("x", [2, 3, 4])], [vi("y", [2, 12])],
     {"i0": np.array(0, np.int64), "ax": i64(0), "m1": i64(-1)}, 13, [f32(2, 3, 4)])
save("cast_mod_int", [h.make_node("Mul", ["x", "ten"], ["m"]), h.make_node("Cast", ["m"], ["c"], to=T.INT64), h.make_node("Mod", ["c", "three"], ["r"]),
     h.make_node("Cast", ["r"], ["y"], to=T.FLOAT)], [vi("x", [1, 8])], [vi("y", [1, 8])], {"ten": np.array([10.0], np.float32), "three": i64(3)}, 13, [np.abs(f32(1, 8))])
save("lstm_small", [h.make_node("LSTM", ["x", "W", "R", "B"], ["Y", "Yh"], hidden_size=4)], [vi("x", [3, 1, 2])], [vi("Yh", [1, 1, 4])],
     {"W": f32(1, 16, 2) * 0.5, "R": f32(1, 16, 4) * 0.5, "B": f32(1, 32) * 0.1}, 13, [f32(3, 1, 2)])
save("einsum_matmul", [h.make_node("Einsum", ["x", "w"], ["y"], equation="ij,jk->ik")], [vi("x", [2, 3])], [vi("y", [2, 4])], {"w": f32(3, 4)}, 13, [f32(2, 3)])
save("cumsum_basic", [h.make_node("CumSum", ["x", "ax"], ["y"])], [vi("x", [1, 5])], [vi("y", [1, 5])], {"ax": np.array(1, np.int64)}, 13, [f32(1, 5)])
save("batchnorm_alone_op15", [h.make_node("BatchNormalization", ["x", "g", "b", "m", "v"], ["y"], epsilon=1e-3)], [vi("x", [1, 3, 2, 2])], [vi("y", [1, 3, 2, 2])],
     {"g": f32(3), "b": f32(3), "m": f32(3), "v": np.abs(f32(3)) + 0.5}, 15, [f32(1, 3, 2, 2)])
save("reciprocal_exp", [h.make_node("Exp", ["x"], ["e"]), h.make_node("Reciprocal", ["e"], ["y"])], [vi("x", [1, 10])], [vi("y", [1, 10])], {}, 13, [f32(1, 10)])
save("gathernd_elements", [h.make_node("GatherElements", ["x", "i"], ["y"], axis=1)], [vi("x", [2, 3])], [vi("y", [2, 2])], {"i": np.array([[2, 0], [1, 1]], np.int64)}, 13, [f32(2, 3)])
print("ok")
