package io.zkml4j.ml.prover;

import io.zkml4j.ml.ir.ModelException;
import io.zkml4j.ml.quant.FixedPoint;
import io.zkml4j.ml.quant.QConst;
import io.zkml4j.ml.quant.QNode;
import io.zkml4j.ml.quant.QuantizedModel;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Set;

/**
 * Prover-side view of a quantized model as a chain of provable layers: the {@link LayerSpec}s (public) with the
 * integer weights and biases (private). Built from a {@link QuantizedModel}; every node that is not provable in
 * this slice is rejected, with one line naming it, before any other work.
 */
final class ProvableModel {
    static final Set<String> SUPPORTED = Set.of("Gemm", "MatMul", "Relu", "Flatten", "Reshape");
    static final String SUPPORTED_LIST = "supported: Gemm, MatMul, Relu, Flatten, Reshape";

    final QuantizedModel model;
    final QuantizedModel.Io input;
    final QuantizedModel.Io output;
    final List<LayerSpec> specs;
    /** Per layer: W as [inLen][outLen] row-major (LINEAR) or null. */
    final List<long[]> weights;
    /** Per layer: the bias at the accumulator scale, outLen values (LINEAR with bias) or null. */
    final List<long[]> biases;

    private ProvableModel(QuantizedModel model, List<LayerSpec> specs, List<long[]> weights, List<long[]> biases) {
        this.model = model;
        this.input = model.inputs.get(0);
        this.output = model.outputs.get(0);
        this.specs = List.copyOf(specs);
        this.weights = weights;
        this.biases = biases;
    }

    private static ModelException unsupported(QNode q, String why) {
        return new ModelException("node '" + q.name + "' (" + q.op + "): not provable yet (" + why + ")");
    }

    static ProvableModel of(QuantizedModel m) {
        for (QNode q : m.nodes) {
            if (!SUPPORTED.contains(q.op)) throw unsupported(q, SUPPORTED_LIST);
        }
        if (m.inputs.size() != 1 || m.outputs.size() != 1) {
            throw new ModelException("model has " + m.inputs.size() + " inputs and " + m.outputs.size() + " outputs: the prover supports one of each");
        }
        if (m.inputs.get(0).integer) throw new ModelException("input '" + m.inputs.get(0).name + "': integer-typed inputs are not provable yet");
        String current = m.inputs.get(0).name;
        int currentLen = size(m.inputs.get(0).shape);
        int currentScale = m.inputs.get(0).scale;
        List<LayerSpec> specs = new ArrayList<>();
        List<long[]> weights = new ArrayList<>(), biases = new ArrayList<>();
        for (QNode q : m.nodes) {
            if (q.inputs.isEmpty() || !q.inputs.get(0).equals(current) || q.outputs.size() != 1) {
                throw unsupported(q, "only a chain of layers, each reading the previous one's output, is supported");
            }
            if (q.inScales[0] != currentScale) throw unsupported(q, "input scale differs from its producer's");
            switch (q.op) {
                case "Flatten":
                case "Reshape":
                    if (!q.ints.containsKey("identity0") || q.outScales[0] != q.inScales[0]) throw unsupported(q, "only order-preserving reshapes are supported");
                    break;
                case "Relu":
                    if (q.outScales[0] != q.inScales[0]) throw unsupported(q, "Relu changing the scale");
                    specs.add(new LayerSpec(LayerSpec.Kind.RELU, q.name, q.op, currentLen, currentLen, false, 0, currentScale, 0, currentScale));
                    weights.add(null);
                    biases.add(null);
                    break;
                default:
                    linear(m, q, currentLen, specs, weights, biases);
            }
            current = q.outputs.get(0);
            currentLen = size(q.outShapes[0]);
            currentScale = q.outScales[0];
        }
        if (!current.equals(m.outputs.get(0).name)) throw new ModelException("model output '" + m.outputs.get(0).name + "' is not the end of the layer chain");
        if (specs.isEmpty()) throw new ModelException("model has no layer to prove");
        return new ProvableModel(m, specs, weights, biases);
    }

    /** Gemm / MatMul with a constant right operand, batch 1, no operand rescale; the bias at the accumulator scale. */
    private static void linear(QuantizedModel m, QNode q, int inLen, List<LayerSpec> specs, List<long[]> weights, List<long[]> biases) {
        if (q.ints.containsKey("use0") || q.ints.containsKey("use1")) throw unsupported(q, "operand rescaled before the product");
        if (q.inputs.size() < 2 || !m.constants.containsKey(q.inputs.get(1))) throw unsupported(q, "the right operand must be a constant weight");
        if (q.op.equals("Gemm") && (q.i("transA", 0) != 0 || q.i("transB", 0) != 0)) throw unsupported(q, "transposed operands");
        QConst w = m.constants.get(q.inputs.get(1));
        int[] ws = w.shape;
        if (ws.length != 2 || ws[0] != inLen) throw unsupported(q, "weight of shape " + Arrays.toString(ws) + " for an input of " + inLen + " values (batch size 1 only)");
        int[] a = q.inShapes[0];
        if (!(a.length == 1 && a[0] == inLen) && !(a.length == 2 && a[0] == 1 && a[1] == inLen)) throw unsupported(q, "input of shape " + Arrays.toString(a) + " (batch size 1 only)");
        int outLen = ws[1];
        if (size(q.outShapes[0]) != outLen) throw unsupported(q, "output shape " + Arrays.toString(q.outShapes[0]));
        int sAcc = q.inScales[0] + q.inScales[1];
        int shift = sAcc - q.outScales[0];
        if (shift < 0 || shift > LayerSpec.MAX_SHIFT) throw unsupported(q, "rescale by 2^" + shift + " (supported 0.." + LayerSpec.MAX_SHIFT + ")");
        long[] bias = null;
        if (q.inputs.size() > 2 && !q.inputs.get(2).isEmpty()) {
            QConst c = m.constants.get(q.inputs.get(2));
            if (c == null) throw unsupported(q, "the bias must be a constant");
            long[] raw = FixedPoint.requant(c.values.clone(), q.inScales[2], sAcc);
            bias = new long[outLen];
            if (raw.length == outLen) System.arraycopy(raw, 0, bias, 0, outLen);
            else if (raw.length == 1) Arrays.fill(bias, raw[0]);
            else throw unsupported(q, "bias of " + raw.length + " values for " + outLen + " outputs");
        }
        specs.add(new LayerSpec(LayerSpec.Kind.LINEAR, q.name, q.op, inLen, outLen, bias != null, shift, q.inScales[0], q.inScales[1], q.outScales[0]));
        weights.add(w.values.clone());
        biases.add(bias);
    }

    static int size(int[] shape) {
        long n = 1;
        for (int d : shape) n *= d;
        if (n < 1 || n > LayerSpec.MAX_LEN) throw new ModelException("tensor of shape " + Arrays.toString(shape) + " is too large to prove");
        return (int) n;
    }

    /**
     * The exact integer forward of the chain (the quantization contract's semantics): vectors v_0 = input, ...,
     * v_L = output, and per LINEAR layer its accumulator. {@code cheat} (tests only) may alter each layer's output.
     */
    Witness forward(long[] x, ModelProver.Cheat cheat) {
        int n = specs.size();
        long[][] v = new long[n + 1][];
        long[][] acc = new long[n][];
        v[0] = x.clone();
        for (int l = 0; l < n; l++) {
            LayerSpec s = specs.get(l);
            long[] in = v[l];
            long[] out = new long[s.outLen];
            if (s.kind == LayerSpec.Kind.RELU) {
                for (int i = 0; i < out.length; i++) out[i] = Math.max(in[i], 0);
            } else {
                long[] w = weights.get(l), b = biases.get(l);
                long[] a = b == null ? new long[s.outLen] : b.clone();
                for (int k = 0; k < s.inLen; k++) {
                    long xk = in[k];
                    if (xk == 0) continue;
                    int base = k * s.outLen;
                    for (int j = 0; j < s.outLen; j++) a[j] += xk * w[base + j];
                }
                acc[l] = a;
                for (int i = 0; i < out.length; i++) out[i] = FixedPoint.rescale(a[i], s.shift);
            }
            if (cheat != null) cheat.afterLayer(l, out, acc[l]);
            v[l + 1] = out;
        }
        return new Witness(v, acc);
    }

    /** The prover's witness: every vector of the chain (signed integers) and every accumulator. */
    static final class Witness {
        final long[][] vectors;
        final long[][] acc;

        Witness(long[][] vectors, long[][] acc) {
            this.vectors = vectors;
            this.acc = acc;
        }
    }
}
