package io.zkml4j.ml.prover;

import io.zkml4j.field.codec.ProofFormatException;
import io.zkml4j.ml.ir.DType;
import io.zkml4j.ml.ir.Graph;
import io.zkml4j.ml.ir.ModelException;
import io.zkml4j.ml.ir.Node;
import io.zkml4j.ml.ir.Tensor;
import io.zkml4j.ml.ir.ValueInfo;
import io.zkml4j.ml.quant.CompileOptions;
import io.zkml4j.ml.quant.ModelCompiler;
import io.zkml4j.ml.quant.QuantizedModel;
import io.zkml4j.transcript.VerificationException;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;

import static io.zkml4j.ml.prover.ModelProofTest.bump;
import static io.zkml4j.ml.prover.ModelProofTest.rejects;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.fail;

/**
 * Models with several inputs and outputs: the public input (output) is every model input (output) flattened and
 * concatenated in the model's order; each is bound, checked against its own range and placed in its own tensor.
 */
class MultiIoProofTest {
    /** x1 [1,6] -> Gemm -> h [1,4]; y1 = h + x2 (x2 [1,4]); y2 = Relu(h). */
    static QuantizedModel twoByTwo() {
        SplittableRandom rnd = new SplittableRandom(5);
        Map<String, Tensor> init = new LinkedHashMap<>();
        double[] w = new double[6 * 4], b = new double[4];
        for (int i = 0; i < w.length; i++) w[i] = rnd.nextDouble(-1, 1);
        for (int i = 0; i < b.length; i++) b[i] = rnd.nextDouble(-0.2, 0.2);
        init.put("W", Tensor.ofFloats(new int[] {6, 4}, w));
        init.put("B", Tensor.ofFloats(new int[] {4}, b));
        List<Node> nodes = List.of(
                new Node("gemm", "Gemm", "", List.of("x1", "W", "B"), List.of("h"), Map.of()),
                new Node("add", "Add", "", List.of("h", "x2"), List.of("y1"), Map.of()),
                new Node("relu", "Relu", "", List.of("h"), List.of("y2"), Map.of()));
        Graph g = new Graph("test:two-by-two", 13, Map.of("", 13),
                List.of(new ValueInfo("x1", DType.FLOAT, new int[] {1, 6}), new ValueInfo("x2", DType.FLOAT, new int[] {1, 4})),
                List.of(new ValueInfo("y1", DType.FLOAT, new int[] {1, 4}), new ValueInfo("y2", DType.FLOAT, new int[] {1, 4})),
                nodes, init, Map.of());
        List<List<double[]>> cal = new ArrayList<>();
        for (int k = 0; k < 4; k++) cal.add(List.of(uniform(rnd, 6), uniform(rnd, 4)));
        return ModelCompiler.compile(g, cal, CompileOptions.defaults());
    }

    private static double[] uniform(SplittableRandom rnd, int n) {
        double[] x = new double[n];
        for (int i = 0; i < n; i++) x[i] = rnd.nextDouble(-1, 1);
        return x;
    }

    @Test
    void twoInputsAndTwoOutputsProveAndBindEachValue() {
        QuantizedModel m = twoByTwo();
        ProvingKey pk = ModelSetup.setup(m, Visibility.ALL_PUBLIC);
        VerifyingKey vk = pk.verifyingKey();
        assertEquals(List.of("x1", "x2"), vk.inputs().stream().map(VerifyingKey.Io::name).toList());
        assertEquals(List.of("y1", "y2"), vk.outputs().stream().map(VerifyingKey.Io::name).toList());
        assertEquals(10, vk.inputLength());
        assertEquals(8, vk.outputLength());
        assertEquals(6, vk.inputs().get(1).offset());
        SplittableRandom rnd = new SplittableRandom(9);
        List<double[]> x = List.of(uniform(rnd, 6), uniform(rnd, 4));
        ModelProver.Result r = ModelProver.prove(pk, x, ProveProgress.NONE);
        // the public values are the integer executor's, concatenated in the model's order
        var trace = m.execute(m.quantizeInputs(x));
        long[] expected = new long[8];
        System.arraycopy(trace.output(0).values(), 0, expected, 0, 4);
        System.arraycopy(trace.output(1).values(), 0, expected, 4, 4);
        assertArrayEquals(expected, r.output);
        ModelVerifier.verify(vk, r.input, r.output, r.proof);
        // every value of every input and output is bound
        for (int i = 0; i < r.input.length; i++) rejects(vk, bump(r.input, i, 1), r.output, r.proof);
        for (int i = 0; i < r.output.length; i++) rejects(vk, r.input, bump(r.output, i, 1), r.proof);
        // swapping the two outputs (same shapes) is another statement
        long[] swapped = new long[8];
        System.arraycopy(r.output, 4, swapped, 0, 4);
        System.arraycopy(r.output, 0, swapped, 4, 4);
        if (!java.util.Arrays.equals(swapped, r.output)) rejects(vk, r.input, swapped, r.proof);
        // lengths: one value short or long is rejected before any work
        rejects(vk, java.util.Arrays.copyOf(r.input, 9), r.output, r.proof);
        rejects(vk, r.input, java.util.Arrays.copyOf(r.output, 9), r.proof);
    }

    @Test
    void wrongNumberOfInputsIsOneClearError() {
        ProvingKey pk = ModelSetup.setup(twoByTwo(), Visibility.ALL_PUBLIC);
        ModelException e = assertThrows(ModelException.class, () -> ModelProver.prove(pk, List.of(new double[6]), ProveProgress.NONE));
        assertEquals("the model has 2 input(s), got 1", e.getMessage());
        e = assertThrows(ModelException.class, () -> ModelProver.prove(pk, List.of(new double[6], new double[3]), ProveProgress.NONE));
        assertEquals("input 'x2' needs 4 values (shape [1, 4]), got 3", e.getMessage());
    }
}
