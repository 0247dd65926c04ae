# Generates small ONNX models (with input.json) into the current directory: the regression corpus of
# tools/src/test/resources/generated-models, checked against ONNX Runtime by GeneratedModelsConformanceTest.
# Regenerate: cd tools/src/test/resources/generated-models && /usr/bin/python3 ../../python/gen_models_4.py  (Debian python3-onnx)
import onnx, json, numpy as np, os
from onnx import helper as h, TensorProto as T, numpy_helper as nh
rng = np.random.default_rng(4)
def save(name, nodes, inputs, outputs, inits, opset, feeds):
    g = h.make_graph(nodes, name, inputs, outputs, [nh.from_array(v, k) for k, v in inits.items()])
    m = h.make_model(g, opset_imports=[h.make_opsetid("", opset)]); m.ir_version = 7
    os.makedirs(name, exist_ok=True); onnx.save(m, f"{name}/network.onnx")
    json.dump({"input_data": [list(map(float, np.asarray(f).ravel())) for f in feeds]}, open(f"{name}/input.json", "w"))
vi = lambda n, s, t=T.FLOAT: h.make_tensor_value_info(n, t, s)
f32 = lambda *s: rng.standard_normal(s).astype(np.float32)
i64 = lambda *v: np.array(v, np.int64)
save("two_inputs_two_outputs", [h.make_node("MatMul", ["a", "b"], ["m"]), h.make_node("Relu", ["m"], ["y1"]), h.make_node("Sub", ["a", "c"], ["y2"])],
     [vi("a", [2, 3]), vi("b", [3, 2])], [vi("y1", [2, 2]), vi("y2", [2, 3])], {"c": f32(3)}, 13, [f32(2, 3), f32(3, 2)])
save("runtime_gather_indices", [h.make_node("Gather", ["x", "i"], ["y"], axis=0)], [vi("x", [5, 2]), vi("i", [3], T.INT64)], [vi("y", [3, 2])], {}, 13,
     [f32(5, 2), np.array([4, 0, 2])])
save("upsample_op7", [h.make_node("Upsample", ["x"], ["y"], mode="nearest", scales=[1.0, 1.0, 2.0, 3.0])], [vi("x", [1, 1, 2, 2])], [vi("y", [1, 1, 4, 6])], {}, 7, [f32(1, 1, 2, 2)])
save("constant_value_float", [h.make_node("Constant", [], ["c"], value_float=1.5), h.make_node("Constant", [], ["d"], value_floats=[0.5, -1.0, 2.0]),
     h.make_node("Mul", ["x", "c"], ["m"]), h.make_node("Add", ["m", "d"], ["y"])], [vi("x", [2, 3])], [vi("y", [2, 3])], {}, 13, [f32(2, 3)])
save("constantofshape_range", [h.make_node("Shape", ["x"], ["s"]), h.make_node("ConstantOfShape", ["s"], ["z"], value=nh.from_array(np.array([0.25], np.float32))),
     h.make_node("Range", ["st", "lim", "dl"], ["r"]), h.make_node("Cast", ["r"], ["rf"], to=T.FLOAT), h.make_node("Add", ["x", "z"], ["a"]), h.make_node("Mul", ["a", "rf"], ["y"])],
     [vi("x", [2, 4])], [vi("y", [2, 4])], {"st": np.array(1, np.int64), "lim": np.array(9, np.int64), "dl": np.array(2, np.int64)}, 13, [f32(2, 4)])
save("bool_output_less_equal", [h.make_node("Less", ["x", "t"], ["l"]), h.make_node("Equal", ["xi", "k"], ["e"]), h.make_node("Or", ["l", "e"], ["o"]),
     h.make_node("Cast", ["o"], ["y"], to=T.FLOAT)], [vi("x", [6]), vi("xi", [6], T.INT64)], [vi("y", [6])], {"t": np.array([0.0], np.float32), "k": i64(2)}, 13,
     [f32(6), np.array([2, 1, 2, 3, 0, 2])])
save("split_num_outputs_op18", [h.make_node("Split", ["x"], ["a", "b", "c"], axis=1, num_outputs=3), h.make_node("Sum", ["a", "b", "c"], ["y"])],
     [vi("x", [2, 9])], [vi("y", [2, 3])], {}, 18, [f32(2, 9)])
save("resize_sizes_op13", [h.make_node("Resize", ["x", "", "", "sz"], ["y"], mode="nearest", nearest_mode="round_prefer_floor", coordinate_transformation_mode="half_pixel")],
     [vi("x", [1, 1, 3, 3])], [vi("y", [1, 1, 5, 7])], {"sz": i64(1, 1, 5, 7)}, 13, [f32(1, 1, 3, 3)])
save("argmax_last_index_reduceprod", [h.make_node("ArgMax", ["x"], ["am"], axis=1, keepdims=0, select_last_index=1), h.make_node("Cast", ["am"], ["amf"], to=T.FLOAT),
     h.make_node("ReduceProd", ["x"], ["p"], axes=[1], keepdims=0), h.make_node("Add", ["amf", "p"], ["y"])],
     [vi("x", [3, 4])], [vi("y", [3])], {}, 13, [np.round(f32(3, 4) * 2) / 2])
save("gru_small", [h.make_node("GRU", ["x", "W", "R", "B"], ["Y", "Yh"], hidden_size=3, linear_before_reset=1)], [vi("x", [4, 1, 2])], [vi("Yh", [1, 1, 3])],
     {"W": f32(1, 9, 2) * 0.5, "R": f32(1, 9, 3) * 0.5, "B": f32(1, 18) * 0.1}, 13, [f32(4, 1, 2)])
save("dropout_identity_op13", [h.make_node("Dropout", ["x", "ratio"], ["d"]), h.make_node("Identity", ["d"], ["y"])], [vi("x", [1, 5])], [vi("y", [1, 5])],
     {"ratio": np.array(0.5, np.float32)}, 13, [f32(1, 5)])
save("batchnorm_op9_conv1d", [h.make_node("Conv", ["x", "w"], ["c"], pads=[1, 1]), h.make_node("BatchNormalization", ["c", "g", "b", "m", "v"], ["y"])],
     [vi("x", [1, 2, 8])], [vi("y", [1, 3, 8])], {"w": f32(3, 2, 3) * 0.5, "g": f32(3), "b": f32(3), "m": f32(3), "v": np.abs(f32(3)) + 0.5}, 9, [f32(1, 2, 8)])
save("erf_sub_broadcast", [h.make_node("Sub", ["x", "r"], ["s"]), h.make_node("Erf", ["s"], ["y"])], [vi("x", [2, 3, 4])], [vi("y", [2, 3, 4])], {"r": f32(4)}, 13, [f32(2, 3, 4)])
save("maxpool_3d", [h.make_node("MaxPool", ["x"], ["y"], kernel_shape=[2, 2, 2], strides=[2, 2, 2])], [vi("x", [1, 1, 4, 4, 4])], [vi("y", [1, 1, 2, 2, 2])], {}, 12, [f32(1, 1, 4, 4, 4)])
save("conv3d", [h.make_node("Conv", ["x", "w"], ["y"], pads=[1, 1, 1, 1, 1, 1])], [vi("x", [1, 2, 3, 3, 3])], [vi("y", [1, 2, 3, 3, 3])], {"w": f32(2, 2, 3, 3, 3) * 0.3}, 11, [f32(1, 2, 3, 3, 3)])
print("ok")
