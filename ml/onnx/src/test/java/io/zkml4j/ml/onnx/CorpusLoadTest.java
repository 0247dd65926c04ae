package io.zkml4j.ml.onnx;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.zkml4j.ml.ir.Graph;
import io.zkml4j.ml.ir.Node;
import io.zkml4j.ml.ir.Tensor;
import io.zkml4j.ml.ir.ValueInfo;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

class CorpusLoadTest {

    @Test
    void everyCorpusModelLoadsAndIsSane() throws Exception {
        List<Path> models = Corpus.models();
        assumeTrue(!models.isEmpty(), "shared corpus not present");
        for (Path m : models) {
            Graph g = OnnxLoader.load(m, 1);
            String where = m.getParent().getFileName().toString();
            assertFalse(g.outputs().isEmpty(), where + ": outputs");
            assertFalse(g.nodes().isEmpty(), where + ": nodes");
            assertTrue(g.opset() >= OnnxLoader.MIN_OPSET && g.opset() <= OnnxLoader.MAX_OPSET, where + ": opset");
            int total = g.operatorCounts().values().stream().mapToInt(Integer::intValue).sum();
            assertEquals(g.nodes().size(), total, where + ": operator counts");
            for (ValueInfo in : g.inputs()) {
                assertFalse(g.initializers().containsKey(in.name()), where + ": initializer listed as input");
                for (int d : in.shape()) {
                    assertTrue(d >= 0, where + ": input dims concrete");
                }
            }
            // topological order: every read is defined before
            Set<String> defined = new HashSet<>(g.initializers().keySet());
            g.inputs().forEach(v -> defined.add(v.name()));
            for (Node n : g.nodes()) {
                for (String in : n.inputs()) {
                    assertTrue(in.isEmpty() || defined.contains(in), where + ": " + n.describe() + " reads " + in);
                }
                defined.addAll(n.outputs());
            }
            for (ValueInfo out : g.outputs()) {
                assertTrue(defined.contains(out.name()), where + ": output " + out.name());
            }
        }
    }

    @Test
    void knownModelsHaveExpectedStructure() throws Exception {
        Path shared = Corpus.shared();
        assumeTrue(shared != null, "shared corpus not present");
        Graph mlp = OnnxLoader.load(shared.resolve("models/digits_mlp/network.onnx"), 1);
        assertEquals(1, mlp.inputs().size());
        assertArrayEquals(new int[] {1, 64}, mlp.inputs().get(0).shape());
        assertArrayEquals(new int[] {1, 10}, mlp.outputs().get(0).shape());
        assertEquals(Map.of("Gemm", 2, "Relu", 1), mlp.operatorCounts());
        assertEquals(2410, mlp.parameterCount());

        Graph lenet = OnnxLoader.load(shared.resolve("models/digits_lenet/network.onnx"), 1);
        assertEquals(3350, lenet.parameterCount());

        // symbolic batch dim becomes the requested batch size
        Graph ezkl = OnnxLoader.load(shared.resolve("ezkl-examples/1l_mlp/network.onnx"), 4);
        assertArrayEquals(new int[] {4, 3}, ezkl.inputs().get(0).shape());
        assertArrayEquals(new int[] {4, 4}, ezkl.outputs().get(0).shape());
        Tensor w = ezkl.initializers().values().iterator().next();
        assertTrue(w.floats() != null && w.size() > 0);
    }
}
