package io.zkml4j.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * CI's representative subset of the corpus, proven end to end through the CLI's prove-all (compile, setup, prove,
 * verify, changed output rejected): every operator family the prover covers appears at least once.
 */
class ProveAllCliTest {
    /** Shared models: Gemm+Relu, Conv+MaxPool, a residual block (Add), table lookups (Sigmoid), a transformer. */
    static final List<String> MODELS = List.of("digits_mlp", "digits_lenet", "digits_resblock", "iris_mlp_sigmoid", "digits_transformer");
    /**
     * ezkl examples: pools, convs, LeakyRelu, index maps (Concat, Pad, Slice, Reshape, Flatten), lookups, CNNs, Softmax,
     * Div, reductions, BatchNormalization, PRelu, Clip, ReduceMax, comparisons and Where (two inputs, integer inputs),
     * Floor, Cast.
     */
    static final List<String> EZKL = List.of("1l_average", "1l_conv", "1l_concat", "1l_downsample", "1l_flatten", "1l_leakyrelu",
            "1l_max_pool", "1l_mlp", "1l_pad", "1l_relu", "1l_reshape", "1l_slice", "1l_upsample", "1l_tanh",
            "2l_relu_sigmoid_conv", "3l_relu_conv_fc", "variable_cnn", "tril", "1l_softmax", "1l_div", "1l_mean", "1l_batch_norm",
            "1l_prelu", "clip", "max", "less", "1l_where", "remainder", "sklearn_mlp", "hard_max", "rounding_ops", "reducel2",
            "large_op_graph", "1l_sqrt", "hard_sigmoid");

    private static Path shared() {
        String p = System.getProperty("zkml4j.shared");
        assumeTrue(p != null && Files.isDirectory(Paths.get(p, "ezkl-examples")), "shared corpus not present");
        return Paths.get(p);
    }

    @Test
    void representativeSubsetProvesAndVerifies(@TempDir Path tmp) throws Exception {
        Path shared = shared();
        Path md = tmp.resolve("proven.md");
        CliTest.Result r = CliTest.run("prove-all", shared.resolve("models").toString(), shared.resolve("ezkl-examples").toString(),
                "--only", String.join(",", MODELS) + "," + String.join(",", EZKL), "--markdown", md.toString());
        assertEquals(0, r.code(), r.out() + r.err());
        for (String m : concat(MODELS, EZKL)) {
            assertTrue(r.out().lines().anyMatch(l -> l.startsWith(m + " ") && l.contains(" proven ")), m + " not proven:\n" + r.out());
        }
        assertTrue(r.out().contains(MODELS.size() + " folders: " + MODELS.size() + " proven"), r.out());
        assertTrue(r.out().contains(EZKL.size() + " folders: " + EZKL.size() + " proven"), r.out());
        assertTrue(Files.readString(md).contains("| digits_lenet | proven |"));
    }

    @Test
    void anUnprovableOperatorIsReportedByNodeNotFailed(@TempDir Path tmp) throws Exception {
        // an Einsum with "..." runs but has no proof (OperatorCoverage names it); the folder beside it proves
        Path folder = tmp.resolve("prod");
        Files.createDirectories(folder);
        Files.move(CliTest.tinyModel(folder, "Einsum", "equation=...j->...j", 1, 4), folder.resolve("network.onnx"));
        Files.writeString(folder.resolve("input.json"), "{\"input_data\": [[0.1, 0.2, 0.3, 0.4]]}");
        Path relu = tmp.resolve("relu");
        Files.createDirectories(relu);
        Files.move(CliTest.tinyModel(relu, "Relu", 1, 4), relu.resolve("network.onnx"));
        Files.writeString(relu.resolve("input.json"), "{\"input_data\": [[0.1, -0.2, 0.3, -0.4]]}");
        CliTest.Result r = CliTest.run("prove-all", tmp.toString());
        assertEquals(0, r.code(), r.out() + r.err());
        String row = r.out().lines().filter(l -> l.startsWith("prod ")).findFirst().orElseThrow();
        assertTrue(row.contains("not provable yet") && row.contains("(Einsum)") && row.contains("equation '...j->...j'") && !row.contains("supported:"), row);
        assertTrue(r.out().contains("2 folders: 1 proven, 1 not provable yet, 0 unsupported, 0 failed; first unprovable operator: Einsum=1"), r.out());
    }

    @Test
    void aMissingDirectoryIsOneLine() {
        CliTest.Result r = CliTest.run("prove-all", "/no/such/dir");
        assertEquals(1, r.code());
        assertEquals("error: not a directory: /no/such/dir", r.err().strip());
    }

    private static List<String> concat(List<String> a, List<String> b) {
        return java.util.stream.Stream.concat(a.stream(), b.stream()).toList();
    }
}
