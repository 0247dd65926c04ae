package io.zkml4j.ml.quant;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.zkml4j.ml.exec.FloatExecutor;
import io.zkml4j.ml.ir.Attribute;
import io.zkml4j.ml.ir.DType;
import io.zkml4j.ml.ir.Graph;
import io.zkml4j.ml.ir.Node;
import io.zkml4j.ml.ir.Tensor;
import io.zkml4j.ml.ir.ValueInfo;
import io.zkml4j.ml.onnx.TreeEnsembleLowering;
import io.zkml4j.ml.ops.OpRegistry;
import io.zkml4j.ml.ops.T;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.Test;

/** TreeEnsembleClassifier/Regressor lowered into default-domain operators compute the node's own semantics. */
class TreeEnsembleLoweringTest {
    static final String[] MODES = {"BRANCH_LEQ", "BRANCH_LT", "BRANCH_GTE", "BRANCH_GT", "BRANCH_EQ", "BRANCH_NEQ"};

    /** Flat node arrays of random trees (ids shuffled per tree so the root is not always node 0). */
    static final class Trees {
        final List<Long> tree = new ArrayList<>(), id = new ArrayList<>(), feature = new ArrayList<>(), yes = new ArrayList<>(), no = new ArrayList<>();
        final List<String> mode = new ArrayList<>();
        final List<Float> value = new ArrayList<>();
        final List<Long> wTree = new ArrayList<>(), wNode = new ArrayList<>(), wId = new ArrayList<>();
        final List<Float> w = new ArrayList<>();

        long grow(Random r, long t, int depth, int features, int outs, long[] next) {
            long me = next[0]++ * 7 % 1009; // distinct, not in visiting order
            int at = id.size();
            tree.add(t);
            id.add(me);
            if (depth == 0 || r.nextInt(5) == 0) {
                mode.add("LEAF");
                feature.add(0L);
                value.add(0f);
                yes.add(0L);
                no.add(0L);
                for (int c = 0; c < outs; c++) if (r.nextBoolean()) {
                    wTree.add(t);
                    wNode.add(me);
                    wId.add((long) c);
                    w.add((float) r.nextGaussian());
                }
                return me;
            }
            mode.add(MODES[r.nextInt(MODES.length)]);
            feature.add((long) r.nextInt(features));
            value.add(r.nextInt(4) * 0.5f - 0.5f); // on the inputs' grid: ties and equalities happen
            yes.add(0L);
            no.add(0L);
            yes.set(at, grow(r, t, depth - 1, features, outs, next));
            no.set(at, grow(r, t, depth - 1, features, outs, next));
            return me;
        }

        double[] eval(double[] x, int outs) {
            double[] s = new double[outs];
            for (long t : tree.stream().distinct().toList()) {
                int i = tree.indexOf(t); // the root is grown first
                while (!mode.get(i).equals("LEAF")) {
                    float v = (float) x[feature.get(i).intValue()], th = value.get(i);
                    boolean go = switch (mode.get(i)) {
                        case "BRANCH_LEQ" -> v <= th;
                        case "BRANCH_LT" -> v < th;
                        case "BRANCH_GTE" -> v >= th;
                        case "BRANCH_GT" -> v > th;
                        case "BRANCH_EQ" -> v == th;
                        default -> v != th;
                    };
                    long target = go ? yes.get(i) : no.get(i);
                    for (int j = 0; j < id.size(); j++) if (tree.get(j) == t && id.get(j) == target) i = j;
                }
                for (int k = 0; k < wTree.size(); k++) if (wTree.get(k) == t && wNode.get(k).equals(id.get(i))) s[wId.get(k).intValue()] += w.get(k);
            }
            return s;
        }
    }

    static long[] longs(List<Long> v) {
        return v.stream().mapToLong(Long::longValue).toArray();
    }

    static float[] floats(List<Float> v) {
        float[] f = new float[v.size()];
        for (int i = 0; i < f.length; i++) f[i] = v.get(i);
        return f;
    }

    static Graph graph(Trees tr, boolean classifier, int features, int outs, String post, float[] base, long[] labels, String aggregate) {
        Map<String, Attribute> a = new LinkedHashMap<>();
        a.put("nodes_treeids", Attribute.ofInts("nodes_treeids", longs(tr.tree)));
        a.put("nodes_nodeids", Attribute.ofInts("nodes_nodeids", longs(tr.id)));
        a.put("nodes_featureids", Attribute.ofInts("nodes_featureids", longs(tr.feature)));
        a.put("nodes_modes", Attribute.ofStrings("nodes_modes", tr.mode.toArray(String[]::new)));
        a.put("nodes_values", Attribute.ofFloats("nodes_values", floats(tr.value)));
        a.put("nodes_truenodeids", Attribute.ofInts("nodes_truenodeids", longs(tr.yes)));
        a.put("nodes_falsenodeids", Attribute.ofInts("nodes_falsenodeids", longs(tr.no)));
        String p = classifier ? "class_" : "target_";
        a.put(p + "treeids", Attribute.ofInts(p + "treeids", longs(tr.wTree)));
        a.put(p + "nodeids", Attribute.ofInts(p + "nodeids", longs(tr.wNode)));
        a.put(p + "ids", Attribute.ofInts(p + "ids", longs(tr.wId)));
        a.put(p + "weights", Attribute.ofFloats(p + "weights", floats(tr.w)));
        a.put("post_transform", Attribute.ofString("post_transform", post));
        if (base != null) a.put("base_values", Attribute.ofFloats("base_values", base));
        List<String> outsNames = classifier ? List.of("label", "scores") : List.of("scores");
        List<ValueInfo> gouts = new ArrayList<>();
        if (classifier) {
            a.put("classlabels_int64s", Attribute.ofInts("classlabels_int64s", labels));
            gouts.add(new ValueInfo("label", DType.INT64, new int[] {1}));
        } else {
            a.put("n_targets", Attribute.ofInt("n_targets", outs));
            a.put("aggregate_function", Attribute.ofString("aggregate_function", aggregate));
        }
        gouts.add(new ValueInfo("scores", DType.FLOAT, new int[] {1, outs}));
        Node n = new Node("trees", classifier ? "TreeEnsembleClassifier" : "TreeEnsembleRegressor", "ai.onnx.ml", List.of("x"), outsNames, a);
        return new Graph("trees", 13, Map.of("", 13, "ai.onnx.ml", 1), List.of(new ValueInfo("x", DType.FLOAT, new int[] {1, features})), gouts,
                List.of(n), Map.of(), Map.of());
    }

    static double[] post(double[] s, String post) {
        double[] o = s.clone();
        if (post.equals("LOGISTIC")) for (int i = 0; i < o.length; i++) o[i] = 1 / (1 + Math.exp(-o[i]));
        if (post.equals("SOFTMAX")) {
            double m = java.util.Arrays.stream(o).max().orElse(0), sum = 0;
            for (int i = 0; i < o.length; i++) sum += (o[i] = Math.exp(o[i] - m));
            for (int i = 0; i < o.length; i++) o[i] /= sum;
        }
        return o;
    }

    @Test
    void loweredEnsemblesComputeTheNodesSemanticsOnRandomInputs() {
        Random r = new Random(3);
        int features = 5;
        for (int round = 0; round < 24; round++) {
            boolean classifier = round % 3 != 2;
            int outs = classifier ? 3 + r.nextInt(2) : 1 + r.nextInt(2);
            Trees tr = new Trees();
            int trees = 1 + r.nextInt(4);
            for (int t = 0; t < trees; t++) tr.grow(r, t, 1 + r.nextInt(4), features, outs, new long[] {1});
            if (tr.mode.stream().allMatch(m -> m.equals("LEAF"))) continue;
            String post = classifier ? new String[] {"NONE", "SOFTMAX", "LOGISTIC"}[round % 3 == 0 ? r.nextInt(3) : 0] : "NONE";
            float[] base = r.nextBoolean() ? null : new float[outs];
            if (base != null) for (int i = 0; i < outs; i++) base[i] = (float) r.nextGaussian();
            long[] labels = new long[outs];
            for (int i = 0; i < outs; i++) labels[i] = round % 2 == 0 ? i : 10 * i + 7;
            String aggregate = r.nextBoolean() ? "SUM" : "AVERAGE";
            Graph g = graph(tr, classifier, features, outs, post, base, labels, aggregate);
            Graph lowered = TreeEnsembleLowering.apply(g);
            String what = "round " + round + " " + post + (classifier ? "" : " " + aggregate);
            assertTrue(lowered.nodes().stream().allMatch(OpRegistry::isSupported), what);
            for (int s = 0; s < 40; s++) {
                double[] x = new double[features];
                for (int i = 0; i < features; i++) x[i] = r.nextInt(5) * 0.5 - 1; // the thresholds' grid
                double[] want = tr.eval(x, outs);
                if (!classifier && aggregate.equals("AVERAGE")) for (int i = 0; i < outs; i++) want[i] /= trees;
                if (base != null) for (int i = 0; i < outs; i++) want[i] += base[i];
                want = post(want, post);
                Map<String, Tensor> got = FloatExecutor.runAll(lowered, List.of(x));
                double[] have = T.d(got.get("scores"));
                for (int i = 0; i < outs; i++) assertEquals(want[i], have[i], 1e-5, what + " sample " + s + " output " + i);
                if (classifier) {
                    int best = 0;
                    for (int i = 1; i < outs; i++) if (want[i] > want[best]) best = i;
                    assertEquals(labels[best], got.get("label").getAsLong(0), what + " label");
                }
            }
        }
    }

    @Test
    void unsupportedFormsAreLeftForTheSupportCheck() {
        Random r = new Random(5);
        Trees tr = new Trees();
        tr.grow(r, 0, 3, 2, 2, new long[] {1});
        Graph g = graph(tr, true, 2, 2, "PROBIT", null, new long[] {0, 1}, "SUM");
        assertEquals("TreeEnsembleClassifier", TreeEnsembleLowering.apply(g).nodes().get(0).opType());
    }
}
