package io.zkml4j.cli;

import io.zkml4j.ml.prover.ModelSetup;
import io.zkml4j.ml.prover.Visibility;
import picocli.CommandLine.Option;

/** The key's choices as setup takes them and estimate predicts them: what is public, and a zero-knowledge key's budget. Defaults are field initializers: picocli left this mixin's defaultValue fields null when none of its options was given. */
final class KeyOptions {
    @Option(names = "--input-visibility", paramLabel = "public|private",
            description = "Whether the verifier is given the input (default: ${DEFAULT-VALUE}: committed, never in the proof file).")
    String inputVisibility = "private";

    @Option(names = "--output-visibility", paramLabel = "public|private",
            description = "Whether the verifier is given the output (default: ${DEFAULT-VALUE}).")
    String outputVisibility = "public";

    @Option(names = "--param-visibility", paramLabel = "public|private",
            description = "Whether the weights' commitment may be recomputed by anyone holding them (public) or is meant to hide them (default: ${DEFAULT-VALUE}).")
    String paramVisibility = "private";

    @Option(names = "--proofs", paramLabel = "N",
            description = "With private parameters: how many zero-knowledge proofs the key makes (default: ${DEFAULT-VALUE}; each costs key and proof bytes,"
                    + " docs/zero-knowledge.md; setup again when spent). A key with public parameters proves without limit (zero-knowledge when the input or output is private).")
    String proofs = "" + ModelSetup.DEFAULT_ZK_PROOFS;

    Visibility visibility() {
        try {
            return Visibility.of(inputVisibility, outputVisibility, paramVisibility);
        } catch (IllegalArgumentException e) {
            throw new CliException(e.getMessage());
        }
    }

    /** The budget of a zero-knowledge key, 1..MAX_OPENINGS, or a one-line CliException. */
    int budget() {
        int budget;
        try {
            budget = Integer.parseInt(proofs);
        } catch (NumberFormatException e) {
            throw new CliException("--proofs must be a whole number, got '" + proofs + "'");
        }
        if (budget < 1 || budget > io.zkml4j.pcs.HidingLigeroParams.MAX_OPENINGS) {
            throw new CliException("--proofs must be 1.." + io.zkml4j.pcs.HidingLigeroParams.MAX_OPENINGS + ", got " + budget);
        }
        return budget;
    }
}
