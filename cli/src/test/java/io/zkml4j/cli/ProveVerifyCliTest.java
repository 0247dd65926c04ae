package io.zkml4j.cli;

import io.zkml4j.ml.prover.io.ProofFile;
import io.zkml4j.ml.prover.io.InputData;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * setup / prove / verify / demo end to end through the command line on the bundled digits_mlp (the demo's copy, so no
 * corpus is needed). One setup and one proof are shared; every test tampers with its own copies.
 */
class ProveVerifyCliTest {
    @TempDir
    static Path dir;
    static Path onnx, input, keys, otherKeys, proof, out;

    private static Path bundled(String name) throws Exception {
        Path p = dir.resolve(name);
        try (var in = DemoCommand.class.getResourceAsStream("demo/" + name)) {
            Files.copy(in, p);
        }
        return p;
    }

    @BeforeAll
    static void setupAndProve() throws Exception {
        onnx = bundled("network.onnx");
        input = bundled("input.json");
        keys = dir.resolve("keys");
        otherKeys = dir.resolve("other-keys");
        proof = dir.resolve("digit.proof");
        out = dir.resolve("out.json");
        Path zkm = dir.resolve("m.zkm");
        ok("compile", onnx.toString(), "--calibration", input.toString(), "-o", zkm.toString());
        // input public: these tests check the statement's input; the defaults (private input) have their own test
        CliTest.Result s = ok("setup", zkm.toString(), "-o", keys.toString(), "--input-visibility", "public");
        assertTrue(s.out().contains(ProofFiles.PROVING_KEY) && s.out().contains(ProofFiles.VERIFYING_KEY) && s.out().contains("model "), s.out());
        // The same network quantized with other weight bits: same shapes, other committed weights, other digest.
        ok("setup", onnx.toString(), "--calibration", input.toString(), "--weight-bits", "6", "-o", otherKeys.toString(), "--input-visibility", "public");
        CliTest.Result p = ok("prove", "--key", keys.toString(), "--input", input.toString(), "-o", proof.toString(), "--output", out.toString());
        assertTrue(p.out().contains("argmax"), p.out());
    }

    private static CliTest.Result ok(String... args) {
        CliTest.Result r = CliTest.run(args);
        assertEquals(0, r.code(), String.join(" ", args) + ": " + r.err());
        return r;
    }

    private static String vk() {
        return keys.resolve(ProofFiles.VERIFYING_KEY).toString();
    }

    /** A rejection: exit 1 and exactly one line on stderr starting with "rejected:" and containing {@code expected}. */
    private static void rejected(String expected, String... args) {
        CliTest.Result r = CliTest.run(args);
        assertEquals(1, r.code(), r.err());
        assertEquals(1, r.err().strip().lines().count(), r.err());
        assertTrue(r.err().startsWith("rejected: "), r.err());
        assertTrue(r.err().contains(expected), "expected '" + expected + "' in: " + r.err());
        assertFalse(r.out().contains("proof OK"), r.out());
    }

    private static Path write(String name, byte[] bytes) throws Exception {
        Path p = dir.resolve(name);
        Files.write(p, bytes);
        return p;
    }

    @Test
    void verifyShowsModelPublicValuesAndAccepts() {
        CliTest.Result v = ok("verify", "--key", vk(), "--proof", proof.toString());
        assertTrue(v.out().contains("proof OK"), v.out());
        assertTrue(v.out().contains("(first 10 of 64)"), v.out()); // 8x8 image: only the first values shown
        assertTrue(v.out().contains("argmax"), v.out());
        assertTrue(v.err().isEmpty(), v.err());
        // KEYDIR works as --key, and the expected input and output match
        CliTest.Result w = ok("verify", "--key", keys.toString(), "--proof", proof.toString(), "--input", input.toString(), "--output", out.toString());
        assertTrue(w.out().contains("matches:") && w.out().contains("proof OK"), w.out());
    }

    @Test
    void withTheDefaultsTheInputStaysWithTheProverAndVerifyRefusesToCompareIt() throws Exception {
        Path privKeys = dir.resolve("private-keys"), privProof = dir.resolve("private.proof");
        CliTest.Result s = ok("setup", onnx.toString(), "--calibration", input.toString(), "-o", privKeys.toString());
        assertTrue(s.out().contains("public:  output") && s.out().contains("private: input, parameters"), s.out());
        ok("prove", "--key", privKeys.toString(), "--input", input.toString(), "-o", privProof.toString());
        ProofFile f = ProofFile.decode(Files.readAllBytes(privProof));
        assertEquals(0, f.input().length, "the proof file carries no private input");
        assertEquals(10, f.output().length);
        assertEquals(ZK_FORMAT, f.proof()[0], "the defaults make a zero-knowledge proof");
        CliTest.Result v = ok("verify", "--key", privKeys.toString(), "--proof", privProof.toString());
        assertTrue(v.out().contains("proof OK") && v.out().contains("private: input") && !v.out().contains("input:   '"), v.out());
        assertTrue(v.out().contains("hidden: the proof is zero-knowledge"), v.out());
        CliTest.Result r = CliTest.run("verify", "--key", privKeys.toString(), "--proof", privProof.toString(), "--input", input.toString());
        assertEquals(2, r.code(), r.err());
        assertEquals(1, r.err().strip().lines().count(), r.err());
        assertTrue(r.err().contains("--input: the key declares the input private"), r.err());
        // a file that smuggles an input into a private-input statement is refused
        long[] x = new long[64];
        Path smuggled = write("smuggled.proof", new ProofFile(f.modelDigest(), x, f.output(), f.proof()).encode());
        rejected("statement has 0/10", "verify", "--key", privKeys.toString(), "--proof", smuggled.toString());
        CliTest.Result bad = CliTest.run("setup", onnx.toString(), "--calibration", input.toString(), "-o", privKeys.toString(), "--input-visibility", "secret");
        assertNotEquals(0, bad.code(), bad.err());
        assertEquals(1, bad.err().strip().lines().count(), bad.err());
        assertTrue(bad.err().contains("--input-visibility must be public or private"), bad.err());
    }

    /** The first byte of a zero-knowledge proof (GraphProtocol.FORMAT_ZK). */
    private static final byte ZK_FORMAT = 106;

    @Test
    void aZeroKnowledgeKeyMakesItsBudgetOfProofsAndRefusesTheNextInOneLine() throws Exception {
        Path k = dir.resolve("budget-keys");
        CliTest.Result s = ok("setup", onnx.toString(), "--calibration", input.toString(), "-o", k.toString(), "--proofs", "1");
        assertTrue(s.out().contains("proofs:  1 zero-knowledge proof under this key"), s.out());
        CliTest.Result p = ok("prove", "--key", k.toString(), "--input", input.toString(), "-o", dir.resolve("b1.proof").toString());
        assertTrue(p.out().contains("0 of 1 left"), p.out());
        CliTest.Result again = CliTest.run("prove", "--key", k.toString(), "--input", input.toString(), "-o", dir.resolve("b2.proof").toString());
        assertNotEquals(0, again.code(), again.out());
        assertEquals(1, again.err().strip().lines().count(), again.err());
        assertTrue(again.err().contains("budget of 1 proof is spent"), again.err());
        assertFalse(Files.exists(dir.resolve("b2.proof")), "no proof file from a refused prove");
        CliTest.Result bad = CliTest.run("setup", onnx.toString(), "--calibration", input.toString(), "-o", k.toString(), "--proofs", "0");
        assertEquals(1, bad.err().strip().lines().count(), bad.err());
        assertTrue(bad.err().contains("--proofs must be 1..64"), bad.err());
    }

    @Test
    void withEverythingPublicTheProofIsAValidityProofAndSaysNothingIsPrivate() throws Exception {
        Path pubKeys = dir.resolve("public-keys"), pubProof = dir.resolve("public.proof");
        ok("setup", onnx.toString(), "--calibration", input.toString(), "-o", pubKeys.toString(),
                "--input-visibility", "public", "--param-visibility", "public");
        ok("prove", "--key", pubKeys.toString(), "--input", input.toString(), "-o", pubProof.toString());
        ProofFile f = ProofFile.decode(Files.readAllBytes(pubProof));
        assertEquals(64, f.input().length);
        assertNotEquals(ZK_FORMAT, f.proof()[0], "nothing to hide: a validity proof");
        CliTest.Result v = ok("verify", "--key", pubKeys.toString(), "--proof", pubProof.toString(), "--input", input.toString());
        assertTrue(v.out().contains("public:  input, output, parameters") && !v.out().contains("private:"), v.out());
    }

    @Test
    void withPublicParametersTheProofIsZeroKnowledgeAndTheKeyHasNoBudget() throws Exception {
        Path k = dir.resolve("pubparam-keys");
        CliTest.Result s = ok("setup", onnx.toString(), "--calibration", input.toString(), "-o", k.toString(), "--param-visibility", "public", "--proofs", "1");
        assertTrue(s.out().contains("public:  output, parameters (parameters committed binding-only") && s.out().contains("private: input (hidden"), s.out());
        assertTrue(s.out().contains("proofs:  zero-knowledge, any number under this key"), s.out());
        for (int i = 0; i < 3; i++) { // beyond --proofs 1: public parameters need no budget
            Path pf = dir.resolve("pp" + i + ".proof");
            CliTest.Result p = ok("prove", "--key", k.toString(), "--input", input.toString(), "-o", pf.toString());
            assertFalse(p.out().contains(" left under this key"), p.out());
            ProofFile f = ProofFile.decode(Files.readAllBytes(pf));
            assertEquals(0, f.input().length);
            assertEquals(ZK_FORMAT, f.proof()[0]);
            CliTest.Result v = ok("verify", "--key", k.toString(), "--proof", pf.toString());
            assertTrue(v.out().contains("proof OK") && v.out().contains("public:  output, parameters") && v.out().contains("hidden: the proof is zero-knowledge"), v.out());
        }
        CliTest.Result e = ok("estimate", onnx.toString(), "--calibration", input.toString(), "--param-visibility", "public");
        assertTrue(e.out().contains("key:        zero-knowledge with public parameters"), e.out());
    }

    @Test
    void estimatePredictsFromTheShapeAndRefusesAHeapTooSmall() throws Exception {
        Path est = dir.resolve("est.json");
        CliTest.Result e = ok("estimate", onnx.toString(), "--calibration", input.toString(), "--json", est.toString());
        assertTrue(e.out().contains("prove:") && e.out().contains("proof:") && e.out().contains("heap up to"), e.out());
        assertTrue(Files.readString(est).contains("\"prove_cold_s\""), Files.readString(est));
        // it predicts the key setup would make: zero knowledge by default, validity with everything public
        assertTrue(e.out().contains("key:        zero-knowledge, 16 proofs") && Files.readString(est).contains("\"zero_knowledge\":true"), e.out());
        CliTest.Result pub = ok("estimate", onnx.toString(), "--calibration", input.toString(), "--input-visibility", "public", "--param-visibility", "public");
        assertTrue(pub.out().contains("key:        validity"), pub.out());
        CliTest.Result bad = CliTest.run("estimate", onnx.toString(), "--calibration", input.toString(), "--proofs", "0");
        assertEquals(1, bad.err().strip().lines().count(), bad.err());
        assertTrue(bad.code() != 0 && bad.err().contains("--proofs must be 1..64, got 0"), bad.err());
    }

    @Test
    void aFlippedByteInTheProofIsRejected() throws Exception {
        byte[] b = Files.readAllBytes(proof);
        b[b.length - b.length / 4] ^= 1; // inside the proof section (by far the largest)
        rejected("", "verify", "--key", vk(), "--proof", write("flipped.proof", b).toString());
    }

    @Test
    void changedPublicValuesInTheFileAreRejectedByTheVerifier() throws Exception {
        ProofFile f = ProofFile.decode(Files.readAllBytes(proof));
        long[] y = f.output();
        y[0] += 1;
        Path badOut = write("out+1.proof", new ProofFile(f.modelDigest(), f.input(), y, f.proof()).encode());
        rejected("", "verify", "--key", vk(), "--proof", badOut.toString());
        long[] x = f.input();
        x[5] += 1;
        Path badIn = write("in+1.proof", new ProofFile(f.modelDigest(), x, f.output(), f.proof()).encode());
        rejected("", "verify", "--key", vk(), "--proof", badIn.toString());
    }

    @Test
    void anotherModelsKeyIsRejected() throws Exception {
        String other = otherKeys.resolve(ProofFiles.VERIFYING_KEY).toString();
        rejected("the proof is for model", "verify", "--key", other, "--proof", proof.toString());
        // Relabelled with the other model's digest, the proof still fails: its transcript absorbed the real digest.
        ProofFile f = ProofFile.decode(Files.readAllBytes(proof));
        byte[] otherDigest = ProofFiles.readVk(Path.of(other)).digest();
        assertFalse(Arrays.equals(otherDigest, f.modelDigest()));
        Path relabelled = write("relabelled.proof", new ProofFile(otherDigest, f.input(), f.output(), f.proof()).encode());
        rejected("", "verify", "--key", other, "--proof", relabelled.toString());
    }

    @Test
    void anInputOrOutputOtherThanTheProvenOneIsRejected() throws Exception {
        ObjectNode in = (ObjectNode) InputData.readJson(input);
        ArrayNode row = (ArrayNode) in.get("input_data").get(0);
        row.set(3, row.get(3).asDouble() + 0.25);
        Path otherInput = dir.resolve("other-input.json");
        InputData.JSON.writeValue(otherInput.toFile(), in);
        rejected("differs from the proof's public input 'input' at value 3", "verify", "--key", vk(), "--proof", proof.toString(), "--input", otherInput.toString());

        ObjectNode o = (ObjectNode) InputData.readJson(out);
        ArrayNode q = (ArrayNode) o.get("quantized_output").get(0);
        q.set(2, q.get(2).asLong() + 1);
        Path otherOutput = dir.resolve("other-output.json");
        InputData.JSON.writeValue(otherOutput.toFile(), o);
        rejected("quantized_output[0][2]", "verify", "--key", vk(), "--proof", proof.toString(), "--output", otherOutput.toString());

        // prove's file states the floats too: any of them changed (the integers kept) is a rejection naming it
        int len = InputData.readJson(out).get("output_data").get(0).size();
        for (int i = 0; i < len; i++) {
            for (double d : new double[] {1.0, Math.scalb(1.0, -20)}) {
                ObjectNode edited = (ObjectNode) InputData.readJson(out);
                ArrayNode fd = (ArrayNode) edited.get("output_data").get(0);
                fd.set(i, fd.get(i).asDouble() + d);
                InputData.JSON.writeValue(otherOutput.toFile(), edited);
                rejected("output_data[0][" + i + "]", "verify", "--key", vk(), "--proof", proof.toString(), "--output", otherOutput.toString());
            }
        }

        // Without the integers, the floats are compared to within half a unit of the output scale.
        ObjectNode floats = InputData.JSON.createObjectNode();
        floats.set("output_data", InputData.readJson(out).get("output_data"));
        Path floatOutput = dir.resolve("float-output.json");
        InputData.JSON.writeValue(floatOutput.toFile(), floats);
        ok("verify", "--key", vk(), "--proof", proof.toString(), "--output", floatOutput.toString());
        ArrayNode f = (ArrayNode) floats.get("output_data").get(0);
        f.set(1, f.get(1).asDouble() + 0.5);
        InputData.JSON.writeValue(floatOutput.toFile(), floats);
        rejected("output_data[0][1]", "verify", "--key", vk(), "--proof", proof.toString(), "--output", floatOutput.toString());
    }

    /** A proof file that cannot be read: exit 2 and one "error:" line, never a stack trace. */
    private static void unreadable(String expected, byte[] bytes, String name) throws Exception {
        String e = CliTest.fails(expected, "verify", "--key", vk(), "--proof", write(name, bytes).toString());
        assertTrue(e.contains(name), e);
        assertEquals(2, CliTest.run("verify", "--key", vk(), "--proof", dir.resolve(name).toString()).code());
    }

    @Test
    void malformedProofFilesAreOneLineErrors() throws Exception {
        byte[] b = Files.readAllBytes(proof);
        unreadable("truncated", Arrays.copyOf(b, b.length - 1), "truncated.proof");
        unreadable("truncated", Arrays.copyOf(b, 20), "header.proof");
        byte[] trailing = Arrays.copyOf(b, b.length + 3);
        unreadable("3 trailing byte(s)", trailing, "trailing.proof");
        byte[] magic = b.clone();
        magic[0] = 'X';
        unreadable("not a zkml4j proof file", magic, "magic.proof");
        byte[] version = b.clone();
        version[7] = 9;
        unreadable("unsupported proof file version 9", version, "version.proof");
        unreadable("not a zkml4j proof file", new byte[0], "empty.proof");
        CliTest.fails("proof not found", "verify", "--key", vk(), "--proof", dir.resolve("missing.proof").toString());
        CliTest.fails("not a verifying key", "verify", "--key", proof.toString(), "--proof", proof.toString());
    }

    @Test
    void proveNeedsAProvingKey() {
        CliTest.fails("proving key not found", "prove", "--key", dir.resolve("nowhere").toString(), "--input", input.toString(),
                "-o", dir.resolve("x.proof").toString());
        CliTest.fails("not a proving key", "prove", "--key", vk(), "--input", input.toString(), "-o", dir.resolve("x.proof").toString());
    }

    @Test
    void demoRuns() {
        CliTest.Result r = CliTest.run("demo", "--runs", "1");
        assertEquals(0, r.code(), r.err());
        assertTrue(r.out().contains("agrees") && r.out().contains("proof:"), r.out());
    }
}
