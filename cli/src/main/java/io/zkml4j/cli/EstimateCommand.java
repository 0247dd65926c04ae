package io.zkml4j.cli;

import io.zkml4j.ml.prover.ModelEstimate;
import io.zkml4j.ml.prover.Visibility;
import io.zkml4j.ml.quant.QuantizedModel;
import java.nio.file.Path;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** Predicts setup and prove time, heap and proof size from the model's shape, before any of that work. */
@Command(name = "estimate", mixinStandardHelpOptions = true,
        description = "Predict setup and prove time, heap and proof size from the model's shape (no commitment, no proof); "
                + "exit 1 when this JVM's heap would not hold setup or proving.")
public final class EstimateCommand extends CliCommand {
    @Parameters(index = "0", paramLabel = "MODEL", description = "A .zkm model, or an .onnx model (compiled here, calibrated on --calibration).")
    Path model;

    @Option(names = {"--calibration", "--input"}, paramLabel = "FILE", description = "For an .onnx model: calibration inputs (default: input.json beside the model).")
    Path calibration;

    @Mixin
    KeyOptions key = new KeyOptions();

    @Option(names = "--json", paramLabel = "FILE", description = "Also write the figures as JSON.")
    Path json;

    @Mixin
    ModelFiles.QuantOptions quant = new ModelFiles.QuantOptions();

    @Override
    protected int execute() throws Exception {
        Path cal = calibration != null ? calibration : ModelFiles.defaultCalibration(model);
        if (ModelFiles.isOnnx(model) && cal == null) throw new CliException("no calibration data: pass --calibration FILE (there is no input.json beside " + model + ")");
        Visibility v = key.visibility();
        int budget = key.budget();
        QuantizedModel q = ModelFiles.loadOrCompile(model, cal, quant.compileOptions());
        ModelEstimate e = ModelEstimate.of(q, v, budget);
        long heap = Runtime.getRuntime().maxMemory();
        out().printf("model:      %s, %,d parameters, %d proven nodes%n", model, e.parameters(), e.nodes());
        out().printf("key:        %s%n", e.publicConstants() ? "zero-knowledge with public parameters (committed binding-only), proofs without limit"
                : e.zeroKnowledge() ? "zero-knowledge, " + budget + (budget == 1 ? " proof" : " proofs") + " (setup's defaults: anything private)" : "validity (everything public), proofs without limit");
        out().printf("tables:     constants 2^%d entries (committed once, at setup), advice 2^%d per proof%n", log2(e.constEntries()), log2(e.adviceEntries()));
        out().printf("setup:      ~%.1f s, heap ~%s%n", e.setupSeconds(), mib(e.setupHeapBytes()));
        out().printf("prove:      ~%.2f s in a running JVM, ~%.1f s as one command (JVM start and key loading included), heap ~%s%n",
                e.proveSeconds(), e.proveColdSeconds(), mib(e.proveHeapBytes()));
        out().printf("proof:      ~%s%n", mib(e.proofBytes()));
        out().printf("this JVM:   heap up to %s (JDK %s); predictions aim at a factor of 2 (docs/benchmarks.md, \"Estimates\")%n", mib(heap), Runtime.version().feature());
        if (json != null) {
            java.util.Map<String, Object> doc = new java.util.LinkedHashMap<>();
            doc.put("parameters", e.parameters());
            doc.put("zero_knowledge", e.zeroKnowledge());
            doc.put("public_parameters_binding", e.publicConstants());
            doc.put("const_entries", e.constEntries());
            doc.put("advice_entries", e.adviceEntries());
            doc.put("setup_s", e.setupSeconds());
            doc.put("prove_s", e.proveSeconds());
            doc.put("prove_cold_s", e.proveColdSeconds());
            doc.put("proof_bytes", e.proofBytes());
            doc.put("setup_heap_bytes", e.setupHeapBytes());
            doc.put("prove_heap_bytes", e.proveHeapBytes());
            doc.put("max_heap_bytes", heap);
            new com.fasterxml.jackson.databind.ObjectMapper().writeValue(json.toFile(), doc);
        }
        String refusal = e.refusal(heap, true);
        if (refusal == null) refusal = e.refusal(heap, false);
        if (refusal != null) {
            err().println("error: " + refusal);
            return Main.EXIT_FAILURE;
        }
        return Main.EXIT_OK;
    }

    private static int log2(long n) {
        return n == 0 ? 0 : 63 - Long.numberOfLeadingZeros(n);
    }

    static String mib(long bytes) {
        return bytes >= (1L << 30) ? String.format("%.1f GiB", bytes / (double) (1L << 30)) : bytes >= (1L << 20) ? String.format("%.0f MiB", bytes / (double) (1L << 20)) : String.format("%.0f KiB", bytes / 1024.0);
    }
}
