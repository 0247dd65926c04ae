package io.zkml4j.ml.prover;

/**
 * Which parts of the statement the verifier sees, chosen at setup and bound into the verifying key (ezkl's options
 * and defaults): the model input (default private), the output (default public) and the parameters, weights and
 * biases (default private). A public input or output is part of the statement: the verifier is given its values
 * and checks the proof against them. A private one is committed with the prover's advice: the verifier never receives
 * it, and the proof shows only that some value within the range budget gives the public rest. Public parameters are
 * committed binding-only (anyone holding the weights recomputes the key's commitment); private ones are meant to be
 * committed hiding.
 *
 * <p>What a proof hides of the private parts is stated in docs/security.md ("What a proof hides").
 */
public record Visibility(boolean inputPublic, boolean outputPublic, boolean paramsPublic) {
    /** ezkl's defaults: private input, public output, private parameters. */
    public static final Visibility DEFAULT = new Visibility(false, true, false);
    /** Everything public: the statement of a validity proof (input and output given to the verifier). */
    public static final Visibility ALL_PUBLIC = new Visibility(true, true, true);

    /** From ezkl's option values ("public" or "private", case-insensitive); anything else is refused naming the option. */
    public static Visibility of(String input, String output, String params) {
        return new Visibility(parse("input", input), parse("output", output), parse("param", params));
    }

    private static boolean parse(String what, String v) {
        if ("public".equalsIgnoreCase(v)) return true;
        if ("private".equalsIgnoreCase(v)) return false;
        throw new IllegalArgumentException("--" + what + "-visibility must be public or private, not '" + v + "'");
    }

    static String word(boolean isPublic) {
        return isPublic ? "public" : "private";
    }

    int bits() {
        return (inputPublic ? 1 : 0) | (outputPublic ? 2 : 0) | (paramsPublic ? 4 : 0);
    }

    static Visibility fromBits(int b) {
        if (b < 0 || b > 7) throw new IllegalArgumentException("visibility flags " + b + " unknown");
        return new Visibility((b & 1) != 0, (b & 2) != 0, (b & 4) != 0);
    }

    @Override
    public String toString() {
        return "input " + word(inputPublic) + ", output " + word(outputPublic) + ", parameters " + word(paramsPublic);
    }
}
