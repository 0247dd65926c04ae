package io.zkml4j.cli;

import io.zkml4j.ml.prover.io.InputData;
import io.zkml4j.ml.exec.FloatExecutor;
import io.zkml4j.ml.ir.Graph;
import io.zkml4j.ml.prover.ModelProver;
import io.zkml4j.ml.prover.ModelSetup;
import io.zkml4j.ml.prover.ModelVerifier;
import io.zkml4j.ml.prover.ProvingKey;
import io.zkml4j.ml.prover.ProveProgress;
import io.zkml4j.ml.prover.Visibility;
import io.zkml4j.ml.quant.CompileOptions;
import io.zkml4j.ml.quant.ModelCompiler;
import io.zkml4j.ml.quant.QuantizedModel;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.List;

/** End-to-end demo on a bundled digit classifier (8x8 image -> 10 classes): compile, setup, prove, verify. */
@Command(name = "demo", mixinStandardHelpOptions = true,
        description = "Compile, commit, prove and verify a bundled MLP digit classifier (digits_mlp: Gemm 64->32, Relu, Gemm 32->10).")
public final class DemoCommand extends CliCommand {
    @Option(names = "--runs", paramLabel = "N", description = "Extra prove/verify runs for warm timings (default: 5).")
    int runs = 5;

    /** Untimed prove/verify rounds before the warm ones (digits_mlp: about 2 ms each once compiled). */
    static final int WARM_UP = 50;

    @Option(names = "--json", paramLabel = "FILE", description = "Also write the figures as JSON (for side-by-side scripts).")
    Path json;

    @Override
    protected int execute() throws Exception {
        if (runs < 0) throw new CliException("--runs must be 0 or more, got " + runs);
        Path dir = Files.createTempDirectory("zkml4j-demo");
        try {
            Path onnx = extract(dir, "network.onnx"), input = extract(dir, "input.json");
            long t0 = System.nanoTime();
            Graph g = ModelFiles.loadOnnx(onnx, 1);
            List<List<double[]>> samples = InputData.readSamples(input, ModelFiles.inputNames(g), ModelFiles.inputShapes(g));
            QuantizedModel q = ModelFiles.compile(g, samples, CompileOptions.defaults());
            long compile = System.nanoTime() - t0;

            t0 = System.nanoTime();
            ProvingKey pk = ModelSetup.setupAsDeclared(q, Visibility.DEFAULT, 1, ProveProgress.NONE);
            long setup = System.nanoTime() - t0;

            double[] x = samples.get(0).get(0);
            t0 = System.nanoTime();
            ModelProver.Result r = ModelProver.prove(pk, x);
            long prove = System.nanoTime() - t0;
            t0 = System.nanoTime();
            ModelVerifier.verify(pk.verifyingKey(), r.publicInput, r.publicOutput, r.proof);
            long verify = System.nanoTime() - t0;

            // untimed rounds first, so that "warm" means compiled by the JIT (a long-running prover), not still warming
            // (a zero-knowledge key's hiding is spent by its proofs: each round sets up its own, untimed)
            for (int i = 0; runs > 0 && i < WARM_UP; i++) {
                ProvingKey pki = ModelSetup.setupAsDeclared(q, Visibility.DEFAULT, 1, ProveProgress.NONE);
                ModelProver.Result ri = ModelProver.prove(pki, x);
                ModelVerifier.verify(pki.verifyingKey(), ri.publicInput, ri.publicOutput, ri.proof);
            }
            long[] warmProve = new long[runs], warmVerify = new long[runs];
            for (int i = 0; i < runs; i++) {
                ProvingKey pki = ModelSetup.setupAsDeclared(q, Visibility.DEFAULT, 1, ProveProgress.NONE);
                t0 = System.nanoTime();
                ModelProver.Result ri = ModelProver.prove(pki, x);
                warmProve[i] = System.nanoTime() - t0;
                t0 = System.nanoTime();
                ModelVerifier.verify(pki.verifyingKey(), ri.publicInput, ri.publicOutput, ri.proof);
                warmVerify[i] = System.nanoTime() - t0;
            }

            double[] floats = FloatExecutor.run(g, List.of(x)).get(0);
            int predicted = ModelCompiler.argmax(r.outputValues), reference = ModelCompiler.argmax(floats);
            out().println("zkml4j demo: digits_mlp (Gemm 64->32, Relu, Gemm 32->10), one 8x8 digit image");
            out().printf("prediction:  digit %d (float model: digit %d, %s)%n", predicted, reference, predicted == reference ? "agrees" : "DISAGREES");
            out().printf("timings:     compile %.1f ms, setup %.1f ms, prove %.1f ms, verify %.1f ms (first run)%n",
                    ms(compile), ms(setup), ms(prove), ms(verify));
            if (runs > 0) out().printf("             prove %.1f ms, verify %.1f ms (median of %d warm runs, after " + WARM_UP + " untimed)%n", ms(median(warmProve)), ms(median(warmVerify)), runs);
            out().printf("proof:       %d bytes, verified: accepted (%s)%n", r.proof.length, pk.verifyingKey().commitmentScheme());
            out().printf("statement:   %s: the verifier checked the proof without the image%n", pk.verifyingKey().visibility());
            out().printf("             (zero-knowledge: the proof reveals nothing about the image and the weights beyond the predicted scores)%n");
            out().printf("jdk:         %s %s (%s)%n", System.getProperty("java.vm.name"), Runtime.version(), System.getProperty("java.vendor"));
            if (json != null) {
                Map<String, Object> doc = new LinkedHashMap<>();
                doc.put("model", "digits_mlp");
                doc.put("jdk", Runtime.version().toString());
                doc.put("predicted", predicted);
                doc.put("float_predicted", reference);
                doc.put("compile_ms", ms(compile));
                doc.put("setup_ms", ms(setup));
                doc.put("prove_first_ms", ms(prove));
                doc.put("verify_first_ms", ms(verify));
                if (runs > 0) {
                    doc.put("prove_ms", ms(median(warmProve)));
                    doc.put("verify_ms", ms(median(warmVerify)));
                    doc.put("warm_runs", runs);
                }
                doc.put("proof_bytes", r.proof.length);
                doc.put("verified", true);
                doc.put("zero_knowledge", pk.verifyingKey().zeroKnowledge());
                new ObjectMapper().writeValue(json.toFile(), doc);
            }
            return Main.EXIT_OK;
        } finally {
            try (var s = Files.list(dir)) {
                for (Path p : s.toList()) Files.deleteIfExists(p);
            }
            Files.deleteIfExists(dir);
        }
    }

    private static Path extract(Path dir, String name) throws Exception {
        try (InputStream in = DemoCommand.class.getResourceAsStream("demo/" + name)) {
            if (in == null) throw new CliException("bundled demo file " + name + " is missing from the jar");
            Path p = dir.resolve(name);
            Files.copy(in, p);
            return p;
        }
    }

    private static double ms(long nanos) {
        return nanos / 1e6;
    }

    private static long median(long[] v) {
        long[] c = v.clone();
        Arrays.sort(c);
        return c[c.length / 2];
    }
}
