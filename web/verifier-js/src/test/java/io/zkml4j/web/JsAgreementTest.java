package io.zkml4j.web;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.zkml4j.ml.ir.Graph;
import io.zkml4j.ml.ir.ModelException;
import io.zkml4j.ml.ir.ValueInfo;
import io.zkml4j.ml.onnx.OnnxLoader;
import io.zkml4j.ml.prover.ModelProver;
import io.zkml4j.ml.prover.ModelSetup;
import io.zkml4j.ml.prover.ProveProgress;
import io.zkml4j.ml.prover.ProvingKey;
import io.zkml4j.ml.prover.VerifyingKey;
import io.zkml4j.ml.prover.Visibility;
import io.zkml4j.ml.prover.io.InputData;
import io.zkml4j.ml.prover.io.InputException;
import io.zkml4j.ml.prover.io.ProofFile;
import io.zkml4j.ml.quant.CompileOptions;
import io.zkml4j.ml.quant.ModelCompiler;
import io.zkml4j.ml.quant.QuantizedModel;
import io.zkml4j.pcs.HidingLigeroParams;
import io.zkml4j.pcs.HidingLigeroPcs;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Random;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The JavaScript verifier (target/zkml4j-verifier.js, run by node) against the JVM verifier on the same bytes: honest
 * proofs of the corpus, and proofs with one byte flipped (the cheating prover's cheapest move). Every verdict and its
 * message must be equal. Skipped, with a message, when node is not on the PATH.
 *
 * <p>The corpus is every model of ../shared/models and a selection of ../shared/ezkl-examples with every operator
 * family; -Dzkml4j.jsv.models=all takes every ezkl example, and -Dzkml4j.jsv.zk=all proves every provable model of the
 * corpus with the key `setup` makes by default (zero knowledge, private input and parameters, 16 proofs) as well
 * (bench/js-verifier.sh runs both).
 */
class JsAgreementTest {
    private static final Path JS = Path.of("target", "zkml4j-verifier.js");
    private static final Path DRIVER = Path.of("src", "test", "js", "agree.js");
    private static final Path SHARED = Path.of(System.getProperty("zkml4j.shared", "../../../shared"));
    private static final ObjectMapper JSON = new ObjectMapper();
    /** Examples proven in the default run: one or more per operator family (pool, conv, index, lookup, reduce, ...). */
    private static final List<String> EXAMPLES = List.of("1l_average", "1l_batch_norm", "1l_concat", "1l_conv", "1l_conv_transpose",
            "1l_div", "1l_elu", "1l_erf", "1l_gelu_noappx", "1l_leakyrelu", "1l_max_pool", "1l_mean", "1l_pad", "1l_powf", "1l_prelu",
            "1l_sigmoid", "1l_slice", "1l_softmax", "1l_sqrt", "1l_tanh", "1l_topk", "1l_upsample", "1l_where", "clip", "exp", "log",
            "trig", "gather_elements", "scatter_nd", "hard_max", "hard_sigmoid", "integer_div", "layernorm", "less", "bitwise_ops",
            "rounding_ops", "selu", "softplus", "remainder", "reducel2", "log_softmax", "lstm", "tril");
    private static final int FLIPS = Integer.getInteger("zkml4j.jsv.flips", 1000);
    /** Byte flips of the zero-knowledge proof (each is a full verification in node, several times a validity proof's). */
    private static final int ZK_FLIPS = Integer.getInteger("zkml4j.jsv.zkFlips", 100);
    private static final String FLIP_MODEL = "digits_mlp";
    /** Models also proven with a zero-knowledge key (format 106): the hiding commitment's verifier runs in JS too. */
    private static final List<String> ZK_MODELS = List.of("digits_mlp", "digits_lenet");
    /** A zero-knowledge key for one proof, and the key `setup` makes by default (set paths in every opened column). */
    private static final int ZK_ONCE = 1, ZK_DEFAULT = ModelSetup.DEFAULT_ZK_PROOFS;
    /** In place of a proof count: a zero-knowledge key with public parameters (binding-only constants' commitment, no budget). */
    private static final int ZK_PUBLIC_PARAMS = -1;

    @BeforeAll
    static void nodeAndScript() {
        boolean node;
        try {
            Process p = new ProcessBuilder("node", "--version").redirectErrorStream(true).start();
            node = p.waitFor() == 0;
        } catch (IOException e) {
            node = false;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            node = false;
        }
        String why = "node is not on the PATH: the JS verifier's agreement with the JVM verifier is not checked";
        // CI requires it (.ci/run installs it): there a skip would hide a JS verifier that disagrees
        if (System.getenv("ZKML4J_REQUIRE_NODE") != null) assertTrue(node, why);
        Assumptions.assumeTrue(node, why);
        assertTrue(Files.isRegularFile(JS), JS + " missing: it is built by the TeaVM step of this module (mvn process-classes)");
    }

    /** A proven model: its key and proof file as bytes, and the JVM verifier's median time (key decoding included). */
    record Proven(String name, byte[] vk, byte[] proof, double jvmMs) {}

    /** Compiles (calibrated on input.json), sets up and proves a model folder, or null when the model is not provable. */
    static Proven prove(Path folder) {
        return prove(folder, 0);
    }

    /**
     * As {@link #prove(Path)}; with zkProofs > 0, a zero-knowledge key for that many proofs (hiding commitment, private
     * input and parameters) and one proof, named MODEL+zk (one proof) or MODEL+zkB; with {@link #ZK_PUBLIC_PARAMS}, a
     * zero-knowledge key with public parameters (private input), named MODEL+zkpub.
     */
    static Proven prove(Path folder, int zkProofs) {
        boolean zk = zkProofs != 0;
        Path input = folder.resolve("input.json");
        try {
            Graph g = OnnxLoader.load(folder.resolve("network.onnx"), 1);
            ModelCompiler.checkSupported(g);
            List<String> names = g.inputs().stream().map(ValueInfo::name).toList();
            List<int[]> shapes = g.inputs().stream().map(ValueInfo::shape).toList();
            QuantizedModel q = ModelCompiler.compile(g, InputData.readSamples(input, names, shapes), CompileOptions.defaults());
            List<double[]> x = InputData.readInput(input, q.inputNames(), q.inputShapes());
            ProvingKey pk = zkProofs == ZK_PUBLIC_PARAMS ? ModelSetup.setupPublicParams(q, Visibility.of("private", "public", "public"))
                    : zk ? ModelSetup.setupZeroKnowledge(q, new HidingLigeroPcs(HidingLigeroParams.DEFAULT), Visibility.DEFAULT, zkProofs) : ModelSetup.setup(q);
            VerifyingKey vk = pk.verifyingKey();
            ModelProver.Result r = ModelProver.prove(pk, x, ProveProgress.NONE); // a zero-knowledge proof under a zero-knowledge key
            byte[] file = new ProofFile(vk.digest(), orEmpty(r.publicInput), orEmpty(r.publicOutput), r.proof).encode();
            byte[] key = vk.toBytes();
            double[] ms = new double[5];
            for (int i = 0; i < ms.length; i++) {
                long t = System.nanoTime();
                Verdicts.of(key, file);
                ms[i] = (System.nanoTime() - t) / 1e6;
            }
            Arrays.sort(ms);
            String kind = !zk ? "" : zkProofs == ZK_PUBLIC_PARAMS ? "+zkpub" : "+zk" + (zkProofs == 1 ? "" : zkProofs);
            return new Proven(folder.getFileName() + kind, key, file, ms[ms.length / 2]);
        } catch (ModelException | InputException e) {
            if (zk) System.err.println(folder.getFileName() + "+zk" + zkProofs + ": " + e.getMessage()); // only models that prove with a validity key are tried in zk
            return null;
        }
    }

    private static long[] orEmpty(long[] v) {
        return v == null ? new long[0] : v;
    }

    /** Writes each proven model's files and runs the driver over them: one verdict per line, as JSON. */
    static List<JsonNode> runNode(Path tmp, List<Proven> proven, List<int[]> flips, int repeat) throws IOException, InterruptedException {
        // -Dzkml4j.jsv.keep=DIR keeps the keys and proofs (for bench/js-verify-time.sh)
        Path dir = System.getProperty("zkml4j.jsv.keep") == null ? tmp : Files.createDirectories(Path.of(System.getProperty("zkml4j.jsv.keep")));
        ArrayNode jobs = JSON.createArrayNode();
        for (Proven p : proven) {
            Path vk = dir.resolve(p.name + ".vk"), pf = dir.resolve(p.name + ".proof");
            Files.write(vk, p.vk);
            Files.write(pf, p.proof);
            ObjectNode job = jobs.addObject().put("name", p.name).put("vk", vk.toString()).put("proof", pf.toString()).put("repeat", repeat);
            ArrayNode fl = job.putArray("flips");
            for (int[] f : flips) fl.addArray().add(f[0]).add(f[1]);
        }
        Path manifest = dir.resolve("manifest.json");
        JSON.writeValue(manifest.toFile(), jobs);
        Process p = new ProcessBuilder("node", "--stack-size=4000", DRIVER.toString(), JS.toAbsolutePath().toString(), manifest.toString())
                .redirectError(ProcessBuilder.Redirect.INHERIT).start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertEquals(0, p.waitFor(), "node exited with an error (the JS verifier must never throw)");
        List<JsonNode> lines = new ArrayList<>();
        for (String l : out.split("\n")) if (!l.isBlank()) lines.add(JSON.readTree(l));
        return lines;
    }

    private static List<Path> corpus() throws IOException {
        List<Path> dirs = new ArrayList<>();
        try (Stream<Path> s = Files.list(SHARED.resolve("models"))) {
            s.filter(d -> Files.isRegularFile(d.resolve("network.onnx"))).sorted().forEach(dirs::add);
        }
        if ("all".equals(System.getProperty("zkml4j.jsv.models"))) {
            try (Stream<Path> s = Files.list(SHARED.resolve("ezkl-examples"))) {
                s.filter(d -> Files.isRegularFile(d.resolve("network.onnx")) && Files.isRegularFile(d.resolve("input.json"))).sorted().forEach(dirs::add);
            }
        } else {
            for (String e : EXAMPLES) dirs.add(SHARED.resolve("ezkl-examples").resolve(e));
        }
        return dirs;
    }

    /**
     * Loaded as a browser loads a script (a fresh global with no module or require), the file defines the global
     * zkml4j; bytes from another realm are accepted, anything else is a verdict, never an exception.
     */
    @Test
    void asAScriptItDefinesTheGlobalZkml4j(@TempDir Path dir) throws Exception {
        Assumptions.assumeTrue(Files.isDirectory(SHARED.resolve("models")), "no corpus at " + SHARED);
        Proven p = prove(SHARED.resolve("models").resolve("digits_mlp"));
        Files.write(dir.resolve("vk"), p.vk);
        Files.write(dir.resolve("proof"), p.proof);
        String script = String.join("\n",
                "const vm = require('vm'), fs = require('fs'), [js, vkFile, proofFile] = process.argv.slice(1);",
                "const page = vm.createContext({});",
                "vm.runInContext(fs.readFileSync(js, 'utf8'), page);",
                "const z = page.zkml4j, vk = new Uint8Array(fs.readFileSync(vkFile)), pf = new Uint8Array(fs.readFileSync(proofFile));",
                "const bad = [z.verify(vk, pf.subarray(0, 100)), z.verify(undefined, pf), z.verify(vk, 'proof'), z.verify(pf, vk)];",
                "process.stdout.write(JSON.stringify([typeof page.module, z.verify(vk, pf)].concat(bad)));");
        Process proc = new ProcessBuilder("node", "-e", script, JS.toAbsolutePath().toString(), dir.resolve("vk").toString(), dir.resolve("proof").toString())
                .redirectError(ProcessBuilder.Redirect.INHERIT).start();
        String out = new String(proc.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertEquals(0, proc.waitFor(), out);
        JsonNode r = JSON.readTree(out);
        assertEquals("undefined", r.get(0).asText());
        assertTrue(r.get(1).get("ok").asBoolean(), out);
        for (int i = 2; i < r.size(); i++) {
            assertTrue(!r.get(i).get("ok").asBoolean() && !r.get(i).get("message").asText().isEmpty() && !r.get(i).get("message").asText().contains("\n"), out);
        }
        assertEquals(Verdicts.of(p.vk, java.util.Arrays.copyOf(p.proof, 100)), r.get(2).get("message").asText());
    }

    /** Without BigInt TeaVM would hand the field code object longs it is not written for: a verdict, not a wrong answer. */
    @Test
    void anEngineWithoutBigIntGetsAVerdictNotAnAnswer() throws Exception {
        String script = String.join("\n",
                "const vm = require('vm'), fs = require('fs');",
                "const page = vm.createContext({});",
                "vm.runInContext('globalThis.BigInt = undefined;', page);",
                "vm.runInContext(fs.readFileSync(process.argv[1], 'utf8'), page);",
                "process.stdout.write(JSON.stringify(page.zkml4j.verify(new Uint8Array(1), new Uint8Array(1))));");
        Process proc = new ProcessBuilder("node", "-e", script, JS.toAbsolutePath().toString()).redirectError(ProcessBuilder.Redirect.INHERIT).start();
        String out = new String(proc.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertEquals(0, proc.waitFor(), out);
        JsonNode r = JSON.readTree(out);
        assertTrue(!r.get("ok").asBoolean() && r.get("message").asText().contains("no BigInt"), out);
    }

    /**
     * A page whose Content-Security-Policy refuses WebAssembly gets the BigInt field functions: they verify a proof
     * and reject a flipped one with the JVM's verdicts (the corpus and the flips below run the WebAssembly ones).
     */
    @Test
    void withoutWebAssemblyTheVerdictsAreTheJvms(@TempDir Path dir) throws Exception {
        Assumptions.assumeTrue(Files.isDirectory(SHARED.resolve("models")), "no corpus at " + SHARED);
        List<Proven> proven = List.of(prove(SHARED.resolve("models").resolve("digits_mlp")),
                prove(SHARED.resolve("models").resolve("digits_mlp"), ZK_ONCE));
        for (Proven p : proven) {
            byte[] flipped = p.proof.clone();
            flipped[flipped.length / 2] ^= 1;
            Path vk = dir.resolve("vk"), pf = dir.resolve("proof"), bad = dir.resolve("bad");
            Files.write(vk, p.vk);
            Files.write(pf, p.proof);
            Files.write(bad, flipped);
            String script = "globalThis.zkml4jNoWasm = true; const z = require(process.argv[1]), fs = require('fs'), [vk, pf, bad] ="
                    + " process.argv.slice(2).map(f => new Uint8Array(fs.readFileSync(f)));"
                    + " process.stdout.write(JSON.stringify([z.fieldArithmetic, z.verify(vk, pf), z.verify(vk, bad)]))";
            Process proc = new ProcessBuilder("node", "-e", script, JS.toAbsolutePath().toString(), vk.toString(), pf.toString(), bad.toString())
                    .redirectError(ProcessBuilder.Redirect.INHERIT).start();
            String out = new String(proc.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            assertEquals(0, proc.waitFor(), out);
            JsonNode r = JSON.readTree(out);
            assertEquals("bigint", r.get(0).asText(), p.name);
            assertTrue(r.get(1).get("ok").asBoolean(), p.name + ": " + out);
            String jvm = Verdicts.of(p.vk, flipped);
            assertEquals(jvm == null, r.get(2).get("ok").asBoolean(), p.name + ": " + out);
            if (jvm != null) assertEquals(jvm, r.get(2).get("message").asText(), p.name);
        }
    }

    /**
     * Field elements at least p: the JS build decodes vectors by its own loop first (FieldReaderJs) and leaves such a
     * vector to the JVM's code, whose message must reach the verdict unchanged.
     */
    @Test
    void nonCanonicalElementsGetTheJvmVerdict(@TempDir Path dir) throws Exception {
        Assumptions.assumeTrue(Files.isDirectory(SHARED.resolve("models")), "no corpus at " + SHARED);
        Proven p = prove(SHARED.resolve("models").resolve("digits_mlp"));
        Files.write(dir.resolve("vk"), p.vk);
        List<String> jvm = new ArrayList<>();
        int n = 0;
        for (int at = p.proof.length / 4; at < p.proof.length - 8 && n < 48; at += p.proof.length / 97, n++) {
            byte[] bad = p.proof.clone();
            Arrays.fill(bad, at, at + 8, (byte) 0xFF); // 2^64 - 1 wherever an element starts here
            Files.write(dir.resolve("bad" + n), bad);
            String why = Verdicts.of(p.vk, bad);
            jvm.add(why == null ? "the proof holds" : why);
        }
        assertTrue(jvm.stream().anyMatch(m -> m.contains("not canonical")), "no variant reached a field element: " + jvm);
        String script = "const z = require(process.argv[1]), fs = require('fs'), d = process.argv[2], vk = new Uint8Array(fs.readFileSync(d + '/vk'));"
                + " const out = []; for (let i = 0; i < " + n + "; i++) out.push(z.verify(vk, new Uint8Array(fs.readFileSync(d + '/bad' + i))).message);"
                + " process.stdout.write(JSON.stringify(out))";
        Process proc = new ProcessBuilder("node", "-e", script, JS.toAbsolutePath().toString(), dir.toString()).redirectError(ProcessBuilder.Redirect.INHERIT).start();
        String out = new String(proc.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertEquals(0, proc.waitFor(), out);
        JsonNode r = JSON.readTree(out);
        for (int i = 0; i < n; i++) assertEquals(jvm.get(i), r.get(i).asText(), "variant " + i);
    }

    @Test
    void goldilocksArithmeticIsExactUnderTeaVmsLongs() throws Exception {
        // Both implementations of the field's word methods (src/main/js/field.js): WebAssembly, which node runs, and the
        // BigInt one a page gets when its Content-Security-Policy refuses WebAssembly (zkml4jNoWasm forces it).
        for (String arithmetic : new String[] {"wasm", "bigint"}) {
            for (int seed : new int[] {1, 2, 3}) {
                String script = "globalThis.zkml4jNoWasm = " + arithmetic.equals("bigint") + "; const z = require(process.argv[1]);"
                        + " process.stdout.write(z.fieldArithmetic + ' ' + z.fieldCheck(" + seed + ", 5000))";
                Process p = new ProcessBuilder("node", "-e", script, JS.toAbsolutePath().toString()).redirectError(ProcessBuilder.Redirect.INHERIT).start();
                String js = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
                assertEquals(0, p.waitFor());
                assertEquals(arithmetic + " " + FieldCheck.digest(seed, 5000), js,
                        "field results differ between the JVM and JavaScript (" + arithmetic + ", seed " + seed + ")");
            }
        }
    }

    @Test
    void honestProofsOfTheCorpusGetTheJvmVerdict(@TempDir Path dir) throws Exception {
        Assumptions.assumeTrue(Files.isDirectory(SHARED.resolve("models")), "no corpus at " + SHARED);
        List<Proven> proven = new ArrayList<>();
        List<String> skipped = new ArrayList<>();
        boolean zkAll = "all".equals(System.getProperty("zkml4j.jsv.zk"));
        List<String> zkFailed = new ArrayList<>(); // proves with a validity key, not with setup's default: a bug
        for (Path d : corpus()) {
            Proven p = prove(d);
            if (p == null) skipped.add(d.getFileName().toString());
            else proven.add(p);
            if (p != null && zkAll) {
                Proven z = prove(d, ZK_DEFAULT);
                if (z == null) zkFailed.add(d.getFileName().toString());
                else proven.add(z);
            }
        }
        for (String m : ZK_MODELS) {
            proven.add(prove(SHARED.resolve("models").resolve(m), ZK_ONCE));
            proven.add(prove(SHARED.resolve("models").resolve(m), ZK_PUBLIC_PARAMS));
        }
        if (!zkAll) proven.add(prove(SHARED.resolve("models").resolve(FLIP_MODEL), ZK_DEFAULT));
        List<JsonNode> js = runNode(dir, proven, List.of(), 3);
        assertEquals(proven.size(), js.size());
        StringBuilder report = new StringBuilder(String.format(Locale.ROOT, "%-28s %9s %9s %9s %9s  %s%n", "model", "vk B", "proof B", "JVM ms", "node ms", "verdict"));
        List<String> disagreements = new ArrayList<>();
        for (int i = 0; i < proven.size(); i++) {
            Proven p = proven.get(i);
            JsonNode v = js.get(i);
            String jvm = Verdicts.of(p.vk, p.proof);
            if (p.name.contains("+zk") && jvm != null) disagreements.add(p.name + ": the JVM rejects an honest zero-knowledge proof: " + jvm);
            String jsWhy = v.get("ok").asBoolean() ? null : v.get("message").asText();
            if (!java.util.Objects.equals(jvm, jsWhy)) disagreements.add(p.name + ": JVM " + jvm + " / JS " + jsWhy);
            report.append(String.format(Locale.ROOT, "%-28s %9d %9d %9.1f %9.1f  %s%n", p.name, p.vk.length, p.proof.length, p.jvmMs,
                    v.get("ms").asDouble(), jvm == null ? "holds" : jvm));
        }
        report.append(proven.size()).append(" proven and compared; not provable (skipped): ").append(skipped).append(zkAll ? "; not provable in zero knowledge: " + zkFailed : "").append('\n');
        System.out.print(report);
        Files.writeString(Path.of("target", "js-agreement.txt"), report);
        assertTrue(zkFailed.isEmpty(), "provable with a validity key but not with setup's default zero-knowledge key: " + zkFailed);
        assertTrue(disagreements.isEmpty(), "JS and JVM verifiers disagree: " + disagreements);
    }

    @Test
    void byteFlippedProofsGetTheJvmVerdict(@TempDir Path dir) throws Exception {
        Assumptions.assumeTrue(Files.isDirectory(SHARED.resolve("models")), "no corpus at " + SHARED);
        flipped(dir, prove(SHARED.resolve("models").resolve(FLIP_MODEL)), FLIPS);
    }

    @Test
    void byteFlippedZeroKnowledgeProofsGetTheJvmVerdict(@TempDir Path dir) throws Exception {
        Assumptions.assumeTrue(Files.isDirectory(SHARED.resolve("models")), "no corpus at " + SHARED);
        flipped(dir, prove(SHARED.resolve("models").resolve(FLIP_MODEL), ZK_ONCE), ZK_FLIPS);
    }

    @Test
    void byteFlippedProofsUnderPublicParametersGetTheJvmVerdict(@TempDir Path dir) throws Exception {
        Assumptions.assumeTrue(Files.isDirectory(SHARED.resolve("models")), "no corpus at " + SHARED);
        // the revealed constants' claims and their binding opening follow the masked part: flips land in both
        flipped(dir, prove(SHARED.resolve("models").resolve(FLIP_MODEL), ZK_PUBLIC_PARAMS), ZK_FLIPS / 2);
    }

    /** n proofs of p, each with one byte flipped (seeded positions and masks): node's verdicts must be the JVM's. */
    private static void flipped(Path dir, Proven p, int n) throws IOException, InterruptedException {
        Random rnd = new Random(20261207L);
        List<int[]> flips = new ArrayList<>();
        for (int i = 0; i < n; i++) flips.add(new int[] {rnd.nextInt(p.proof.length), 1 + rnd.nextInt(255)});
        List<JsonNode> js = runNode(dir, List.of(p), flips, 1);
        assertEquals(n + 1, js.size());
        int accepted = 0;
        List<String> disagreements = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            byte[] bad = p.proof.clone();
            bad[flips.get(i)[0]] ^= (byte) flips.get(i)[1];
            String jvm = Verdicts.of(p.vk, bad);
            JsonNode v = js.get(i + 1);
            String jsWhy = v.get("ok").asBoolean() ? null : v.get("message").asText();
            if (jvm == null) accepted++;
            if (!java.util.Objects.equals(jvm, jsWhy)) disagreements.add("flip " + i + " at byte " + flips.get(i)[0] + ": JVM " + jvm + " / JS " + jsWhy);
        }
        System.out.printf(Locale.ROOT, "%d byte-flipped proofs of %s (%d bytes): JS and JVM agree on %d; accepted by both: %d%n", n, p.name,
                p.proof.length, n - disagreements.size(), accepted);
        assertTrue(disagreements.isEmpty(), disagreements.size() + " disagreements, first: " + disagreements.subList(0, Math.min(5, disagreements.size())));
    }
}
