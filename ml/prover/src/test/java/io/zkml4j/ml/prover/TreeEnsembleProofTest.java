package io.zkml4j.ml.prover;

import static io.zkml4j.ml.prover.ElementwiseProofTest.quantized;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.zkml4j.ml.ir.Attribute;
import io.zkml4j.ml.ir.DType;
import io.zkml4j.ml.ir.Graph;
import io.zkml4j.ml.ir.Node;
import io.zkml4j.ml.ir.ValueInfo;
import io.zkml4j.ml.onnx.TreeEnsembleLowering;
import io.zkml4j.ml.quant.CompileOptions;
import io.zkml4j.ml.quant.ModelCompiler;
import io.zkml4j.ml.quant.QNode;
import io.zkml4j.ml.quant.QuantizedModel;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.Test;

/** A tree ensemble classifier proves as its lowered operators (TreeEnsembleLowering); a cheat in the leaf choice is rejected. */
class TreeEnsembleProofTest {
    /** Two depth-2 trees on 3 features, 3 classes, softmax; the label read too (ArgMax). */
    static QuantizedModel model() {
        Map<String, Attribute> a = new LinkedHashMap<>();
        // tree 0: x0 <= 0.5 ? (x1 < 0 ? leaf 3 : leaf 4) : leaf 2; tree 1: x2 > 1 ? leaf 1 : (x0 == 0 ? leaf 3 : leaf 4)
        a.put("nodes_treeids", Attribute.ofInts("nodes_treeids", new long[] {0, 0, 0, 0, 0, 1, 1, 1, 1, 1}));
        a.put("nodes_nodeids", Attribute.ofInts("nodes_nodeids", new long[] {0, 1, 2, 3, 4, 0, 1, 2, 3, 4}));
        a.put("nodes_featureids", Attribute.ofInts("nodes_featureids", new long[] {0, 1, 0, 0, 0, 2, 0, 0, 0, 0}));
        a.put("nodes_modes", Attribute.ofStrings("nodes_modes",
                new String[] {"BRANCH_LEQ", "BRANCH_LT", "LEAF", "LEAF", "LEAF", "BRANCH_GT", "LEAF", "BRANCH_EQ", "LEAF", "LEAF"}));
        a.put("nodes_values", Attribute.ofFloats("nodes_values", new float[] {0.5f, 0, 0, 0, 0, 1, 0, 0, 0, 0}));
        a.put("nodes_truenodeids", Attribute.ofInts("nodes_truenodeids", new long[] {1, 3, 0, 0, 0, 1, 0, 3, 0, 0}));
        a.put("nodes_falsenodeids", Attribute.ofInts("nodes_falsenodeids", new long[] {2, 4, 0, 0, 0, 2, 0, 4, 0, 0}));
        a.put("class_treeids", Attribute.ofInts("class_treeids", new long[] {0, 0, 0, 0, 1, 1, 1, 1}));
        a.put("class_nodeids", Attribute.ofInts("class_nodeids", new long[] {2, 3, 4, 4, 1, 3, 4, 4}));
        a.put("class_ids", Attribute.ofInts("class_ids", new long[] {0, 1, 2, 0, 1, 2, 0, 1}));
        a.put("class_weights", Attribute.ofFloats("class_weights", new float[] {0.9f, 1.2f, 0.7f, -0.3f, 0.4f, 1.1f, 0.6f, -0.8f}));
        a.put("classlabels_int64s", Attribute.ofInts("classlabels_int64s", new long[] {0, 1, 2}));
        a.put("post_transform", Attribute.ofString("post_transform", "SOFTMAX"));
        Graph g = new Graph("trees", 13, Map.of("", 13, "ai.onnx.ml", 1), List.of(new ValueInfo("x", DType.FLOAT, new int[] {1, 3})),
                List.of(new ValueInfo("scores", DType.FLOAT, new int[] {1, 3}), new ValueInfo("label", DType.INT64, new int[] {1})),
                List.of(new Node("trees", "TreeEnsembleClassifier", "ai.onnx.ml", List.of("x"), List.of("label", "scores"), a)), Map.of(), Map.of());
        Random r = new Random(4);
        List<List<double[]>> cal = new ArrayList<>();
        for (int i = 0; i < 6; i++) cal.add(List.of(new double[] {r.nextInt(3) * 0.5, r.nextGaussian(), 2 * r.nextGaussian()}));
        return ModelCompiler.compile(TreeEnsembleLowering.apply(g), cal, CompileOptions.defaults());
    }

    @Test
    void treeEnsembleProvesAndACheatInTheLeafChoiceIsRejected() {
        QuantizedModel m = model();
        assertTrue(m.nodes.stream().noneMatch(q -> q.op.startsWith("TreeEnsemble")), "lowered");
        ProvingKey pk = ModelSetup.setup(m, Visibility.ALL_PUBLIC);
        for (double[] x : new double[][] {{0, -1, 2}, {0.5, 0.3, 0}, {1, 0, 0.5}}) ElementwiseProofTest.provesEveryOutput(pk, x);
        long[] xq = quantized(pk, new double[] {0, -1, 2});
        // the leaves' one-hot (the Equal of the path sums) moved to another leaf
        QNode hit = m.nodes.stream().filter(q -> q.op.equals("Equal")).findFirst().orElseThrow();
        String msg = MaliciousProverTest.rejected(pk, xq, new MaliciousProverTest.Alter(pk, hit.outputs.get(0), v -> {
            for (int i = 0; i < v.length; i++) v[i] = 1 - v[i];
        }));
        assertFalse(msg.isEmpty());
        ProvingKey priv = ModelSetup.setup(m, Visibility.DEFAULT);
        ModelProver.Result res = ModelProver.proveQuantized(priv, xq);
        ModelVerifier.verify(priv.verifyingKey(), null, res.publicOutput, res.proof);
    }
}
