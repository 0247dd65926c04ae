package io.zkml4j.ml.quant;

/**
 * Options of {@link ModelCompiler#compile}: the scale policy and the batch size the graph was loaded
 * with (recorded for messages).
 */
public record CompileOptions(QuantPolicy policy, int batchSize) {
    public static CompileOptions defaults() {
        return new CompileOptions(QuantPolicy.defaults(), 1);
    }
}
