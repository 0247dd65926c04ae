package io.zkml4j.ml.ops;

/**
 * The default-domain opset of the graph being executed, for the few operators whose semantics
 * changed across opsets without a visible attribute/input difference (Softmax family before 13).
 */
public final class OpContext {
    private static final ThreadLocal<Integer> OPSET = ThreadLocal.withInitial(() -> 21);

    private OpContext() {}

    public static int opset() {
        return OPSET.get();
    }

    public static void setOpset(int opset) {
        OPSET.set(opset <= 0 ? 21 : opset);
    }
}
