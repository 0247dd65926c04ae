package io.zkml4j.ml.prover;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.zkml4j.ml.exec.FloatExecutor;
import io.zkml4j.ml.ir.Attribute;
import io.zkml4j.ml.ir.DType;
import io.zkml4j.ml.ir.Graph;
import io.zkml4j.ml.ir.Node;
import io.zkml4j.ml.ir.Tensor;
import io.zkml4j.ml.ir.ValueInfo;
import io.zkml4j.ml.ops.T;
import io.zkml4j.ml.quant.CompileOptions;
import io.zkml4j.ml.quant.ModelCompiler;
import io.zkml4j.ml.quant.QNode;
import io.zkml4j.ml.quant.QuantizedModel;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * Integer Mod (both sign conventions) and BitShift (both directions) by constants prove as the integer division, Mul,
 * Sub, Less, Cast and Add ml/quant's IntegerRewrite writes them with, exactly (integers at scale 0, no rounding); a
 * changed quotient and a padded entry are caught inside the rewrite; every sumcheck and range check is bound by its node.
 */
class RewrittenIntegerProofTest {
    private static final double[] X = {-13, -5, -1, 0, 4, 17, 255, 64, 3, 9, -200, 100};

    /** y = BitShift(BitShift(Mod(x, 7; fmod 0) + Mod(x, 4; fmod 1) + 300, 2, LEFT), 3, RIGHT): every rewrite, non-negative shifts' operand. */
    static Graph graph() {
        Map<String, Tensor> init = new java.util.LinkedHashMap<>();
        for (long v : new long[] {7, 4, 300, 2, 3}) init.put("k" + v, Tensor.ofInts(DType.INT64, new int[0], new long[] {v}));
        List<Node> nodes = List.of(
                new Node("mod7", "Mod", "", List.of("x", "k7"), List.of("a"), Map.of("fmod", Attribute.ofInt("fmod", 0))),
                new Node("mod4", "Mod", "", List.of("x", "k4"), List.of("b"), Map.of("fmod", Attribute.ofInt("fmod", 1))),
                new Node("sum", "Add", "", List.of("a", "b"), List.of("c"), Map.of()),
                new Node("pos", "Add", "", List.of("c", "k300"), List.of("d"), Map.of()),
                new Node("left", "BitShift", "", List.of("d", "k2"), List.of("e"), Map.of("direction", Attribute.ofString("direction", "LEFT"))),
                new Node("right", "BitShift", "", List.of("e", "k3"), List.of("y"), Map.of("direction", Attribute.ofString("direction", "RIGHT"))));
        return new Graph("int", 13, Map.of("", 13), List.of(new ValueInfo("x", DType.INT64, new int[] {3, 4})),
                List.of(new ValueInfo("y", DType.INT64, new int[0])), nodes, init, Map.of());
    }

    private static QuantizedModel model;

    static synchronized QuantizedModel model() {
        if (model == null) model = ModelCompiler.compile(graph(), List.of(List.of(X)), CompileOptions.defaults());
        return model;
    }

    @Test
    void exactAndProvesWithEveryVisibility() {
        QuantizedModel m = model();
        for (String op : new String[] {"Mod", "BitShift"}) assertTrue(m.nodes.stream().noneMatch(q -> q.op.equals(op)), op + " rewritten");
        double[] want = T.d(FloatExecutor.runAll(graph(), List.of(X)).get("y"));
        long[] got = m.execute(m.quantizeInputs(List.of(X))).output(0).values();
        long[] expect = new long[want.length];
        for (int i = 0; i < want.length; i++) expect[i] = (long) want[i];
        assertArrayEquals(expect, got, "integers exactly as the executor's reference");
        ElementwiseProofTest.proves(m, X);
        RewrittenElementwiseProofTest.provesWithEveryVisibility(m, X);
    }

    @Test
    void aChangedQuotientOrPaddedEntryIsRejected() {
        QuantizedModel m = model();
        ProvingKey pk = ModelSetup.setup(m, Visibility.ALL_PUBLIC);
        long[] x = ElementwiseProofTest.quantized(pk, X);
        QNode div = m.nodes.stream().filter(q -> q.op.equals("Div") && q.name.startsWith("mod7")).findFirst().orElseThrow();
        String msg = MaliciousProverTest.rejected(pk, x, new MaliciousProverTest.Alter(pk, div.outputs.get(0), v -> v[0] += 1));
        MaliciousProverTest.caughtBySumcheckAt(msg, div.name, "Div");
        // a padded quotient entry: the Mul reading it (b trunc(x / b)) is checked first, the verifier going last to first
        String padded = RewrittenElementwiseProofTest.paddedEntryRejected(pk, x, div.outputs.get(0));
        assertTrue(padded.startsWith("node 'mod7/as_integer_division/"), padded);
    }

    @Test
    void everySumcheckAndRangeCheckIsBoundByItsNode() {
        RewrittenElementwiseProofTest.everySumcheckAndRangeCheckIsBoundByItsNode(model(), X);
    }
}
