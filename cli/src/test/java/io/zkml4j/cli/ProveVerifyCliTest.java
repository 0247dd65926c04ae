package io.zkml4j.cli;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** setup / prove / verify / demo end to end on the bundled digits_mlp (the demo's copy, so no corpus is needed). */
class ProveVerifyCliTest {
    @TempDir
    Path dir;

    private Path bundled(String name) throws Exception {
        Path p = dir.resolve(name);
        try (var in = DemoCommand.class.getResourceAsStream("demo/" + name)) {
            Files.copy(in, p);
        }
        return p;
    }

    /** A rejection: exit 1 and exactly one line on stderr starting with "rejected:". */
    private static void rejected(String... args) {
        CliTest.Result r = CliTest.run(args);
        assertEquals(1, r.code(), r.err());
        assertEquals(1, r.err().strip().lines().count(), r.err());
        assertTrue(r.err().startsWith("rejected: "), r.err());
    }

    @Test
    void setupProveVerifyAndRejectATamperedOutput() throws Exception {
        Path onnx = bundled("network.onnx"), input = bundled("input.json");
        Path zkm = dir.resolve("m.zkm"), keys = dir.resolve("keys"), proof = dir.resolve("p.bin"), out = dir.resolve("out.json");
        assertEquals(0, CliTest.run("compile", onnx.toString(), "--calibration", input.toString(), "-o", zkm.toString()).code());
        assertEquals(0, CliTest.run("setup", zkm.toString(), "-o", keys.toString()).code());
        String vk = keys.resolve("model.vk").toString();
        CliTest.Result p = CliTest.run("prove", keys.resolve("model.pk").toString(), "--input", input.toString(), "-o", proof.toString(), "--output", out.toString());
        assertEquals(0, p.code(), p.err());
        CliTest.Result v = CliTest.run("verify", "--vk", vk, "--input", input.toString(), "--output", out.toString(), "--proof", proof.toString());
        assertEquals(0, v.code(), v.err());

        ObjectNode o = (ObjectNode) InputData.readJson(out);
        ArrayNode q = (ArrayNode) o.get("quantized_output").get(0);
        q.set(0, q.get(0).asLong() + 1);
        ((ArrayNode) o.get("output_data").get(0)).set(0, q.get(0).asDouble() / Math.pow(2, o.get("output_scale").asInt()));
        Path bad = dir.resolve("bad.json");
        InputData.JSON.writeValue(bad.toFile(), o);
        rejected("verify", "--vk", vk, "--input", input.toString(), "--output", bad.toString(), "--proof", proof.toString());

        byte[] b = Files.readAllBytes(proof);
        b[b.length / 2] ^= 1;
        Path flipped = dir.resolve("flipped.bin");
        Files.write(flipped, b);
        rejected("verify", "--vk", vk, "--input", input.toString(), "--output", out.toString(), "--proof", flipped.toString());
    }

    @Test
    void demoRuns() {
        CliTest.Result r = CliTest.run("demo", "--runs", "1");
        assertEquals(0, r.code(), r.err());
        assertTrue(r.out().contains("agrees") && r.out().contains("proof:"), r.out());
    }
}
