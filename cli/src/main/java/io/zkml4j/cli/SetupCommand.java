package io.zkml4j.cli;

import io.zkml4j.ml.prover.ModelSetup;
import io.zkml4j.ml.prover.ModelEstimate;
import io.zkml4j.ml.prover.ProveProgress;
import io.zkml4j.ml.prover.ProvingKey;
import io.zkml4j.ml.prover.Visibility;
import io.zkml4j.ml.prover.VerifyingKey;
import io.zkml4j.ml.quant.QuantizedModel;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

import java.nio.file.Files;
import java.nio.file.Path;

/** Commits the model's weights (transparent setup, no secret) and writes the proving and verifying keys. */
@Command(name = "setup", mixinStandardHelpOptions = true,
        description = "Commit a model: writes KEYDIR/" + ProofFiles.PROVING_KEY + " (prover only: holds the weights) and KEYDIR/"
                + ProofFiles.VERIFYING_KEY + " (public: no weights).")
public final class SetupCommand extends CliCommand {
    @Parameters(index = "0", paramLabel = "MODEL", description = "A .zkm model from 'compile', or an .onnx model (compiled here, calibrated on --calibration).")
    Path model;

    @Option(names = {"-o", "--out"}, required = true, paramLabel = "KEYDIR", description = "Directory for the keys (created if missing).")
    Path dir;

    @Option(names = {"--calibration", "--input"}, paramLabel = "FILE",
            description = "For an .onnx model: calibration inputs, {\"input_data\": [[...]]} or {\"inputs\": [[...], ...]} (default: input.json beside the model).")
    Path calibration;

    @Mixin
    ModelFiles.QuantOptions quant = new ModelFiles.QuantOptions();

    @Mixin
    KeyOptions key = new KeyOptions();

    @Override
    protected int execute() throws Exception {
        Path cal = calibration != null ? calibration : ModelFiles.defaultCalibration(model);
        if (ModelFiles.isOnnx(model) && cal == null) {
            throw new CliException("no calibration data: pass --calibration FILE (there is no input.json beside " + model + ")");
        }
        Visibility visibility = key.visibility();
        int budget = key.budget();
        ProvingKey pk;
        long ms;
        Path pkFile = dir.resolve(ProofFiles.PROVING_KEY), vkFile = dir.resolve(ProofFiles.VERIFYING_KEY);
        try (ProgressDisplay bar = ProgressDisplay.forTerminal("setup")) {
            ProveProgress p = bar == null ? ProveProgress.NONE : bar;
            p.step("read model", 0, 5);
            QuantizedModel q = ModelFiles.loadOrCompile(model, cal, quant.compileOptions());
            String refusal = ModelEstimate.of(q, visibility, budget).refusal(Runtime.getRuntime().maxMemory(), true);
            if (refusal != null) throw new CliException(refusal);
            long t0 = System.nanoTime();
            pk = ModelSetup.setupAsDeclared(q, visibility, budget, (stage, done, total) -> p.step(stage, 1 + done, 5));
            ms = (System.nanoTime() - t0) / 1_000_000;
            p.step("write keys", 4, 5);
            Files.createDirectories(dir);
            pk.write(pkFile);
            Files.write(vkFile, pk.verifyingKey().toBytes());
            p.step("done", 5, 5);
        }
        VerifyingKey vk = pk.verifyingKey();
        out().printf("setup: %d nodes committed in %d ms, model %s%n", vk.numNodes(), ms, ProofFiles.shortHex(vk.digest()));
        out().printf("  %s  %,d bytes (prover only: holds the weights)%n", pkFile, Files.size(pkFile));
        out().printf("  %s  %,d bytes (public)%n", vkFile, Files.size(vkFile));
        ProofFiles.printVisibility(out(), vk);
        if (vk.publicConstants()) {
            out().printf("proofs:  zero-knowledge, any number under this key (the parameters are public: committed binding-only, no budget)%n");
        } else if (vk.zeroKnowledge()) {
            out().printf("proofs:  %d zero-knowledge proof%s under this key (the proving key counts them; setup again when spent)%n", pk.proofBudget(), pk.proofBudget() == 1 ? "" : "s");
        }
        return Main.EXIT_OK;
    }
}
