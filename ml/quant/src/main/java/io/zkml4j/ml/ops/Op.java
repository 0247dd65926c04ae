package io.zkml4j.ml.ops;

import io.zkml4j.ml.ir.Node;
import io.zkml4j.ml.ir.Tensor;
import io.zkml4j.ml.quant.QNode;
import io.zkml4j.ml.quant.QuantContext;

/**
 * One ONNX operator: its float64 reference forward (ONNX semantics; also used for shape inference,
 * calibration and constant folding), its quantization rule, and its exact integer forward built only
 * from the primitives of {@link io.zkml4j.ml.quant.FixedPoint}, table lookups and index moves.
 */
public interface Op {
    String type();

    /** Float64 forward with ONNX semantics; {@code in[i]} is null for an omitted optional input. */
    Tensor[] forward(Node node, Tensor[] in);

    /**
     * Decides the integer semantics: output scales, quantized constants, parameters and tables,
     * written into {@code ctx.q()}.
     */
    void quantize(QuantContext ctx);

    /** Exact integer forward; {@code in[i]} is null for inputs the quantized node does not use. */
    long[][] run(QNode q, long[][] in);
}
