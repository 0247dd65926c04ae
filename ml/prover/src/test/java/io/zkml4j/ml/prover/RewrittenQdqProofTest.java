package io.zkml4j.ml.prover;

import static io.zkml4j.ml.prover.ElementwiseProofTest.G;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.zkml4j.ml.exec.FloatExecutor;
import io.zkml4j.ml.ir.Attribute;
import io.zkml4j.ml.ir.DType;
import io.zkml4j.ml.ir.Tensor;
import io.zkml4j.ml.ops.T;
import io.zkml4j.ml.quant.QNode;
import io.zkml4j.ml.quant.QuantizedModel;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * QuantizeLinear then DequantizeLinear (the fake quantization of QDQ exports) prove as the Mul, Round, Add, Clip, Sub
 * and Mul ml/quant's QdqRewrite writes them with: uint8 per tensor, then int8 per channel. A changed rounded value, a
 * changed clipped value and a padded entry are caught by their nodes; every sumcheck and range check is bound by its node.
 */
class RewrittenQdqProofTest {
    private static final int[] SHAPE = {2, 3};
    private static QuantizedModel model;
    private static double[] reference;

    private static String qdq(G g, String x, Tensor scale, Tensor zp) {
        String s = g.c(scale), z = g.c(zp);
        Map<String, Attribute> axis = Map.of("axis", Attribute.ofInt("axis", 1));
        return g.op("DequantizeLinear", axis, g.op("QuantizeLinear", axis, x, s, z), s, z);
    }

    static synchronized QuantizedModel model() {
        if (model != null) return model;
        G g = new G(81, SHAPE);
        String a = qdq(g, g.gemm("x", 3, 3, 0.5), Tensor.scalarFloat(0.02), Tensor.ofInts(DType.UINT8, new int[0], new long[] {128}));
        String b = qdq(g, g.gemm(a, 3, 3, 0.5), Tensor.ofFloats(new int[] {3}, new double[] {0.01, 0.02, 0.004}),
                Tensor.ofInts(DType.INT8, new int[] {3}, new long[] {0, 10, -20}));
        String y = g.gemm(b, 3, 2, 0.5);
        reference = T.d(FloatExecutor.runAll(g.graph(y), List.of(input())).get(y));
        model = g.compile(y, 1);
        return model;
    }

    private static double[] input() {
        return new G(82, SHAPE).input(1);
    }

    @Test
    void forwardMatchesTheFloatReferenceAndProves() {
        RewrittenElementwiseProofTest.matchesTheFloatReferenceAndProves(model(), reference, input(), "QuantizeLinear", "DequantizeLinear");
        RewrittenElementwiseProofTest.provesWithEveryVisibility(model(), input());
    }

    @Test
    void aChangedRoundingClipOrPaddedEntryIsRejected() {
        QuantizedModel m = model();
        ProvingKey pk = ModelSetup.setup(m, Visibility.ALL_PUBLIC);
        long[] x = ElementwiseProofTest.quantized(pk, input());
        for (String op : new String[] {"Round", "Clip"}) {
            QNode n = m.nodes.stream().filter(q -> q.op.equals(op)).findFirst().orElseThrow();
            long step = 1L << Math.max(n.outScales[0], 0); // one whole unit of the quantized integer
            String msg = MaliciousProverTest.rejected(pk, x, new MaliciousProverTest.Alter(pk, n.outputs.get(0), v -> v[0] += step));
            // caught inside the rewritten operator: by the node itself or the one reading it (the verifier goes last to first)
            assertTrue(msg.startsWith("node '" + rewriteOf(n) + "/as_affine/"), op + ": " + msg);
        }
        QNode round = m.nodes.stream().filter(q -> q.op.equals("Round")).findFirst().orElseThrow();
        String padded = RewrittenElementwiseProofTest.paddedEntryRejected(pk, x, round.outputs.get(0));
        assertTrue(padded.startsWith("node '" + rewriteOf(round) + "/as_affine/"), padded);
    }

    @Test
    void everySumcheckAndRangeCheckIsBoundByItsNode() {
        RewrittenElementwiseProofTest.everySumcheckAndRangeCheckIsBoundByItsNode(model(), input());
    }

    @Test
    void aLoneDequantizeLinearOfAnIntegerInputProves() {
        Map<String, Tensor> init = new java.util.LinkedHashMap<>();
        init.put("s", Tensor.scalarFloat(0.05));
        init.put("z", Tensor.ofInts(DType.INT8, new int[0], new long[] {3}));
        init.put("w", Tensor.ofFloats(new int[] {3, 2}, new double[] {0.5, -1, 0.25, 2, -0.75, 1}));
        List<io.zkml4j.ml.ir.Node> nodes = List.of(new io.zkml4j.ml.ir.Node("dq", "DequantizeLinear", "", List.of("x", "s", "z"), List.of("d"), Map.of()),
                new io.zkml4j.ml.ir.Node("mm", "MatMul", "", List.of("d", "w"), List.of("y"), Map.of()));
        io.zkml4j.ml.ir.Graph g = new io.zkml4j.ml.ir.Graph("dq", 13, Map.of("", 13), List.of(new io.zkml4j.ml.ir.ValueInfo("x", DType.INT8, SHAPE)),
                List.of(new io.zkml4j.ml.ir.ValueInfo("y", DType.FLOAT, new int[0])), nodes, init, Map.of());
        double[] x = {-128, -7, 0, 3, 90, 127};
        QuantizedModel m = io.zkml4j.ml.quant.ModelCompiler.compile(g, List.of(List.of(x)), io.zkml4j.ml.quant.CompileOptions.defaults());
        assertTrue(m.nodes.stream().noneMatch(q -> q.op.equals("DequantizeLinear")), "DequantizeLinear rewritten");
        double[] want = T.d(FloatExecutor.runAll(g, List.of(x)).get("y")), got = m.run(List.of(x)).get(0);
        for (int i = 0; i < want.length; i++) assertEquals(want[i], got[i], 0.01 * (1 + Math.abs(want[i])), "output " + i);
        ElementwiseProofTest.proves(m, x);
    }

    /** The DequantizeLinear a rewritten node came from. */
    private static String rewriteOf(QNode n) {
        return n.name.substring(0, n.name.indexOf("/as_affine/"));
    }
}
