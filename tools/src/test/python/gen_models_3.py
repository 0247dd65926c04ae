# Generates small ONNX models (with input.json) into the current directory: the regression corpus of
# tools/src/test/resources/generated-models, checked against ONNX Runtime by GeneratedModelsConformanceTest.
# Regenerate: cd tools/src/test/resources/generated-models && /usr/bin/python3 ../../python/gen_models_3.py  (Debian python3-onnx)
# More Einsum/CumSum models (ONNX Runtime is the reference); same pattern as gen2.py.
import onnx, json, numpy as np, os
from onnx import helper as h, TensorProto as T, numpy_helper as nh
rng = np.random.default_rng(3)
def save(name, nodes, inputs, outputs, inits, opset, feeds):
    g = h.make_graph(nodes, name, inputs, outputs, [nh.from_array(v, k) for k, v in inits.items()])
    m = h.make_model(g, opset_imports=[h.make_opsetid("", opset)]); m.ir_version = 7
    onnx.checker.check_model(m)
    os.makedirs(name, exist_ok=True); onnx.save(m, f"{name}/network.onnx")
    json.dump({"input_data": [list(map(float, np.asarray(f).ravel())) for f in feeds]}, open(f"{name}/input.json", "w"))
vi = lambda n, s, t=T.FLOAT: h.make_tensor_value_info(n, t, s)
f32 = lambda *s: rng.standard_normal(s).astype(np.float32)
def es(name, eq, shapes, out, const=None):
    ins = [vi(f"x{i}", s) for i, s in enumerate(shapes)]
    names = [f"x{i}" for i in range(len(shapes))]
    inits = {}
    if const is not None: names.append("w"); inits["w"] = f32(*const)
    save(name, [h.make_node("Einsum", names, ["y"], equation=eq)], ins, [vi("y", out)], inits, 13, [f32(*s) for s in shapes])
es("einsum_batched", "bij,bjk->bik", [[2, 3, 4], [2, 4, 5]], [2, 3, 5])
es("einsum_attention", "bhqd,bhkd->bhqk", [[1, 2, 3, 4], [1, 2, 5, 4]], [1, 2, 3, 5])
es("einsum_ellipsis_bcast", "...ij,...jk->...ik", [[2, 3, 3, 4]], [2, 3, 3, 2], const=(1, 3, 4, 2))
es("einsum_implicit", "ij,jk", [[3, 4]], [3, 2], const=(4, 2))
es("einsum_transpose", "ij->ji", [[3, 4]], [4, 3])
es("einsum_rowsum", "ij->i", [[3, 4]], [3])
es("einsum_trace", "ii->", [[4, 4]], [])
es("einsum_diag", "ii->i", [[4, 4]], [4])
es("einsum_outer", "i,j->ij", [[4], [3]], [4, 3])
es("einsum_dot_implicit_scalar", "i,i", [[6], [6]], [])
es("einsum_bilinear_perm", "bik,kj->bji", [[2, 3, 4]], [2, 5, 3], const=(4, 5))
es("einsum_ellipsis_mid", "i...j,j->...i", [[2, 3, 4]], [3, 2], const=(4,))
def cs(name, shape, axis, excl, rev, opset=14):
    save(name, [h.make_node("CumSum", ["x", "ax"], ["y"], exclusive=excl, reverse=rev)], [vi("x", shape)], [vi("y", shape)],
         {"ax": np.array(axis, np.int64)}, opset, [f32(*shape)])
cs("cumsum_exclusive", [2, 5], 1, 1, 0)
cs("cumsum_reverse", [2, 5], -1, 0, 1)
cs("cumsum_excl_rev_3d", [2, 3, 4], -2, 1, 1)
cs("cumsum_axis0_op11", [4, 3], 0, 0, 0, opset=11)
# CumSum feeding a MatMul chain: prefix sums mixed with a product
save("cumsum_then_einsum", [h.make_node("CumSum", ["x", "ax"], ["c"]), h.make_node("Einsum", ["c", "w"], ["y"], equation="bi,ij->bj")],
     [vi("x", [2, 6])], [vi("y", [2, 3])], {"ax": np.array(1, np.int32), "w": f32(6, 3)}, 13, [f32(2, 6)])
print("ok")
