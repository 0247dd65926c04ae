#!/usr/bin/env python3
"""Models made here from real libraries, in ezkl's folder layout, for `./zkml4j prove-all OUT`.

Each model lands in OUT/NAME/ as network.onnx, input.json ({"input_data": [[...]]}) and expected.json
(the library's own float outputs for that input). PyTorch models are exported with torch.onnx.export;
the tree ensembles (scikit-learn, XGBoost) are written here as one ai.onnx.ml TreeEnsembleClassifier (or
TreeEnsembleRegressor) node built from the fitted trees' arrays (skl2onnx is not packaged in Debian), and the
node's semantics are checked against the library's predict_proba/predict before anything is written.
Needs Debian's python3-torch, python3-onnx, python3-sklearn and python3-xgboost (run with /usr/bin/python3).

Usage: make_library_models.py OUT [NAME...]
"""
import json, math, os, sys
import numpy as np
import onnx
from onnx import helper, TensorProto

np.random.seed(0)


def write_io(d, x, outputs, samples=None):
    """input.json and expected.json; samples (a list of inputs) also go to inputs.json, which conformance reads."""
    with open(os.path.join(d, "input.json"), "w") as f:
        json.dump({"input_data": [np.asarray(x).flatten().tolist()]}, f)
    with open(os.path.join(d, "expected.json"), "w") as f:
        json.dump({"output_data": [np.asarray(o, dtype=np.float64).flatten().tolist() for o in outputs]}, f)
    if samples is not None:
        with open(os.path.join(d, "inputs.json"), "w") as f:
            json.dump({"inputs": [np.asarray(v).flatten().tolist() for v in samples]}, f)


# ---------------------------------------------------------------- PyTorch

def torch_models():
    import torch
    import torch.nn as nn
    import torch.nn.functional as F
    torch.manual_seed(0)

    class Recurrent(nn.Module):
        """seq 8 x input 4 -> LSTM/GRU hidden 16 -> Linear head on the last step."""

        def __init__(self, cell):
            super().__init__()
            self.rnn = cell(4, 16)  # seq-first (batch_first=False): exports with layout 0
            self.head = nn.Linear(16, 3)

        def forward(self, x):
            y, _ = self.rnn(x)
            return self.head(y[-1])

    class Block(nn.Module):
        def __init__(self, d, heads, ctx):
            super().__init__()
            self.ln1, self.ln2 = nn.LayerNorm(d), nn.LayerNorm(d)
            self.qkv, self.proj = nn.Linear(d, 3 * d), nn.Linear(d, d)
            self.fc, self.out = nn.Linear(d, 4 * d), nn.Linear(4 * d, d)
            self.heads = heads
            self.register_buffer("mask", torch.tril(torch.ones(ctx, ctx)).view(1, 1, ctx, ctx))

        def forward(self, x):
            b, t, d = x.shape
            q, k, v = self.qkv(self.ln1(x)).split(d, dim=2)
            q, k, v = (z.view(b, t, self.heads, d // self.heads).transpose(1, 2) for z in (q, k, v))
            att = (q @ k.transpose(-2, -1)) * (1.0 / math.sqrt(d // self.heads))
            att = att.masked_fill(self.mask[:, :, :t, :t] == 0, float("-inf"))  # causal, as nanoGPT writes it
            y = (F.softmax(att, dim=-1) @ v).transpose(1, 2).contiguous().view(b, t, d)
            x = x + self.proj(y)
            return x + self.out(F.gelu(self.fc(self.ln2(x))))

    class Gpt(nn.Module):
        def __init__(self, vocab=64, ctx=32, d=256, heads=4, layers=4):
            super().__init__()
            self.tok, self.pos = nn.Embedding(vocab, d), nn.Embedding(ctx, d)
            self.blocks = nn.Sequential(*[Block(d, heads, ctx) for _ in range(layers)])
            self.ln, self.head = nn.LayerNorm(d), nn.Linear(d, vocab, bias=False)

        def forward(self, idx):
            t = idx.shape[1]
            x = self.tok(idx) + self.pos(torch.arange(t, dtype=torch.long).unsqueeze(0))
            return self.head(self.ln(self.blocks(x)))

    def export(name, model, x, opset):
        model.eval()
        d = os.path.join(OUT, name)
        os.makedirs(d, exist_ok=True)
        with torch.no_grad():
            y = model(x)
        torch.onnx.export(model, x, os.path.join(d, "network.onnx"), input_names=["input"], output_names=["output"],
                          opset_version=opset, do_constant_folding=True)
        write_io(d, x.numpy(), [y.numpy()])
        ops = sorted({n.op_type for n in onnx.load(os.path.join(d, "network.onnx")).graph.node})
        print(f"{name}: params={sum(p.numel() for p in model.parameters())} ops={ops}")

    yield "torch_lstm", lambda: export("torch_lstm", Recurrent(nn.LSTM), torch.randn(8, 1, 4), 14)
    yield "torch_gru", lambda: export("torch_gru", Recurrent(nn.GRU), torch.randn(8, 1, 4), 14)
    # opset 17: LayerNorm exports as one LayerNormalization node
    yield "torch_gpt", lambda: export("torch_gpt", Gpt(), torch.randint(0, 64, (1, 32)), 17)


# ---------------------------------------------------------------- tree ensembles

class Ensemble:
    """The attributes of one TreeEnsembleClassifier (or, with regressor, TreeEnsembleRegressor) node, tree by tree."""

    def __init__(self, n_classes, regressor=False):
        self.n_classes = n_classes
        self.regressor = regressor
        self.nodes = {k: [] for k in ("treeids", "nodeids", "featureids", "modes", "values", "truenodeids", "falsenodeids")}
        self.cls = {k: [] for k in ("treeids", "nodeids", "ids", "weights")}

    def node(self, tree, nid, feature, mode, value, true_id, false_id):
        for k, v in zip(self.nodes, (tree, nid, feature, mode, value, true_id, false_id)):
            self.nodes[k].append(v)

    def leaf(self, tree, nid, weights):
        self.node(tree, nid, 0, "LEAF", 0.0, 0, 0)
        for c, w in weights:
            for k, v in zip(self.cls, (tree, nid, c, float(w))):
                self.cls[k].append(v)

    def predict(self, X, post, base):
        """The node's semantics (numpy), to check against the library before writing."""
        nodes = {(t, n): i for i, (t, n) in enumerate(zip(self.nodes["treeids"], self.nodes["nodeids"]))}
        scores = np.tile(np.asarray(base, dtype=np.float64), (len(X), 1))
        for r, x in enumerate(X):
            for t in sorted(set(self.nodes["treeids"])):
                i = nodes[(t, 0)]
                while self.nodes["modes"][i] != "LEAF":
                    v, thr = np.float32(x[self.nodes["featureids"][i]]), np.float32(self.nodes["values"][i])
                    go = v <= thr if self.nodes["modes"][i] == "BRANCH_LEQ" else v < thr
                    i = nodes[(t, self.nodes["truenodeids"][i] if go else self.nodes["falsenodeids"][i])]
                for ct, cn, c, w in zip(*self.cls.values()):
                    if ct == t and cn == self.nodes["nodeids"][i]:
                        scores[r, c] += w
        if post == "SOFTMAX":
            e = np.exp(scores - scores.max(1, keepdims=True))
            scores = e / e.sum(1, keepdims=True)
        return scores

    def model(self, n_features, post, base):
        n, p = self.nodes, "target_" if self.regressor else "class_"
        attrs = dict(nodes_treeids=n["treeids"], nodes_nodeids=n["nodeids"], nodes_featureids=n["featureids"],
                     nodes_modes=n["modes"], nodes_values=n["values"], nodes_truenodeids=n["truenodeids"],
                     nodes_falsenodeids=n["falsenodeids"], nodes_hitrates=[1.0] * len(n["nodeids"]),
                     nodes_missing_value_tracks_true=[0] * len(n["nodeids"]),
                     post_transform=post, **{p + k: v for k, v in self.cls.items()})
        if self.regressor:
            attrs.update(n_targets=self.n_classes, aggregate_function="SUM")
        else:
            attrs.update(classlabels_int64s=list(range(self.n_classes)))
        if any(base):
            attrs["base_values"] = list(base)
        op, outs = ("TreeEnsembleRegressor", ["scores"]) if self.regressor else ("TreeEnsembleClassifier", ["label", "scores"])
        node = helper.make_node(op, ["input"], outs, domain="ai.onnx.ml", **attrs)
        graph = helper.make_graph([node], "trees", [helper.make_tensor_value_info("input", TensorProto.FLOAT, [1, n_features])],
                                  [helper.make_tensor_value_info("scores", TensorProto.FLOAT, [1, self.n_classes])])
        m = helper.make_model(graph, opset_imports=[helper.make_opsetid("", 13), helper.make_opsetid("ai.onnx.ml", 1)])
        m.ir_version = 8
        onnx.checker.check_model(m)
        return m


def float32_below(t):
    """The largest float32 <= the float64 threshold t: float32 inputs x then satisfy x <= it exactly when x <= t
    (ONNX holds thresholds as float; rounding t to nearest would move inputs that sit between)."""
    f = np.float32(t)
    return float(np.nextafter(f, np.float32(-np.inf)) if f > t else f)


def sklearn_trees(ens, estimators, weight):
    """sklearn: x[f] <= threshold goes left; leaf value = class counts (normalized here) or the regression value,
    averaged over trees."""
    for t, est in enumerate(estimators):
        tr = est.tree_
        for i in range(tr.node_count):
            if tr.children_left[i] < 0:
                v = tr.value[i][0] if ens.regressor else tr.value[i][0] / tr.value[i][0].sum()
                ens.leaf(t, i, [(c, weight * v[c]) for c in range(len(v)) if v[c] != 0])
            else:
                ens.node(t, i, int(tr.feature[i]), "BRANCH_LEQ", float32_below(tr.threshold[i]), int(tr.children_left[i]),
                         int(tr.children_right[i]))


def xgboost_trees(ens, booster, n_classes):
    """XGBoost: x[f] < split goes to 'yes'; multi-class tree i adds its leaf to class i mod n_classes."""
    for t, dump in enumerate(booster.get_dump(dump_format="json")):
        stack = [json.loads(dump)]
        while stack:
            nd = stack.pop()
            if "leaf" in nd:
                ens.leaf(t, nd["nodeid"], [(t % n_classes, nd["leaf"])])
            else:
                ens.node(t, nd["nodeid"], int(nd["split"][1:]), "BRANCH_LT", float(nd["split_condition"]), nd["yes"], nd["no"])
                stack.extend(nd["children"])


def tree_models():
    from sklearn.datasets import load_iris, load_diabetes
    from sklearn.tree import DecisionTreeClassifier
    from sklearn.ensemble import RandomForestClassifier, RandomForestRegressor
    X, y = load_iris(return_X_y=True)
    X = X.astype(np.float32)

    def write(name, ens, lib_proba, post="NONE", base=None, X=X):
        base = base if base is not None else [0.0] * ens.n_classes
        mine = ens.predict(X, post, base)
        err = float(np.abs(mine - lib_proba).max() / max(1.0, np.abs(lib_proba).max()))
        assert err < 1e-5, f"{name}: the tree ensemble node differs from the library by {err}"
        d = os.path.join(OUT, name)
        os.makedirs(d, exist_ok=True)
        onnx.save(ens.model(X.shape[1], post, base), os.path.join(d, "network.onnx"))
        write_io(d, X[0:1], [lib_proba[0:1]], X[::5][:30])  # every 5th row (iris: all three classes)
        print(f"{name}: nodes={len(ens.nodes['nodeids'])} trees={len(set(ens.nodes['treeids']))} max|node - library|={err:.2e}")

    def decision_tree():
        clf = DecisionTreeClassifier(max_depth=4, random_state=0).fit(X, y)
        ens = Ensemble(3)
        sklearn_trees(ens, [clf], 1.0)
        write("sklearn_decision_tree", ens, clf.predict_proba(X))

    def random_forest():
        clf = RandomForestClassifier(n_estimators=5, max_depth=3, random_state=0).fit(X, y)
        ens = Ensemble(3)
        sklearn_trees(ens, clf.estimators_, 1.0 / len(clf.estimators_))
        write("sklearn_random_forest", ens, clf.predict_proba(X))

    def xgb():
        import xgboost
        clf = xgboost.XGBClassifier(n_estimators=4, max_depth=3, random_state=0, tree_method="exact").fit(X, y)
        ens = Ensemble(3)
        xgboost_trees(ens, clf.get_booster(), 3)
        proba = clf.predict_proba(X)
        assert (proba.argmax(1) == clf.predict(X)).all()
        write("xgboost_classifier", ens, proba, "SOFTMAX", [0.5] * 3)  # base_score 0.5 per class (cancels in softmax)

    def forest_regressor():
        Xd, yd = load_diabetes(return_X_y=True)
        Xd = Xd.astype(np.float32)
        reg = RandomForestRegressor(n_estimators=5, max_depth=4, random_state=0).fit(Xd, yd)
        ens = Ensemble(1, regressor=True)
        sklearn_trees(ens, reg.estimators_, 1.0 / len(reg.estimators_))
        write("sklearn_random_forest_regressor", ens, reg.predict(Xd).reshape(-1, 1), X=Xd)

    yield "sklearn_decision_tree", decision_tree
    yield "sklearn_random_forest", random_forest
    yield "xgboost_classifier", xgb
    yield "sklearn_random_forest_regressor", forest_regressor


if __name__ == "__main__":
    if len(sys.argv) < 2:
        sys.exit(__doc__)
    OUT = sys.argv[1]
    wanted = set(sys.argv[2:])
    for name, make in [*torch_models(), *tree_models()]:
        if not wanted or name in wanted:
            make()
