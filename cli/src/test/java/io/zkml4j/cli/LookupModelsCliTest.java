package io.zkml4j.cli;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/** prove / verify on the corpus models with table-lookup activations (Sigmoid, Tanh), when the corpus is present. */
class LookupModelsCliTest {
    @TempDir
    Path dir;

    @Test
    void sigmoidAndTanhModelsProveAndVerifyAndAFlippedProofIsRejected() throws Exception {
        String p = System.getProperty("zkml4j.shared");
        assumeTrue(p != null && Files.isDirectory(Paths.get(p, "models")), "shared corpus not present");
        for (String m : new String[] {"iris_mlp_sigmoid", "cancer_logistic", "digits_autoencoder"}) {
            Path model = Paths.get(p, "models", m);
            String onnx = model.resolve("network.onnx").toString(), input = model.resolve("input.json").toString();
            Path proof = dir.resolve(m + ".bin"), out = dir.resolve(m + ".json"), keys = dir.resolve(m + "-keys");
            CliTest.Result s = CliTest.run("setup", onnx, "-o", keys.toString());
            assertEquals(0, s.code(), m + ": " + s.err());
            CliTest.Result r = CliTest.run("prove", "--key", keys.toString(), "--input", input, "-o", proof.toString(), "--output", out.toString());
            assertEquals(0, r.code(), m + ": " + r.err());
            String vk = keys.resolve(ProofFiles.VERIFYING_KEY).toString();
            CliTest.Result v = CliTest.run("verify", "--key", vk, "--output", out.toString(), "--proof", proof.toString());
            assertEquals(0, v.code(), m + ": " + v.err());
            byte[] b = Files.readAllBytes(proof);
            b[b.length / 3] ^= 4;
            Path flipped = dir.resolve(m + ".flipped");
            Files.write(flipped, b);
            CliTest.Result bad = CliTest.run("verify", "--key", vk, "--output", out.toString(), "--proof", flipped.toString());
            assertEquals(1, bad.code(), m + ": " + bad.err());
            assertEquals(1, bad.err().strip().lines().count(), bad.err());
            assertTrue(bad.err().startsWith("rejected: "), bad.err());
        }
    }
}
