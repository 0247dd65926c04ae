package io.zkml4j.ml.prover;

import io.zkml4j.ml.ir.ModelException;
import io.zkml4j.ml.ops.OpRegistry;
import io.zkml4j.ml.ops.UnaryLookupOp;
import io.zkml4j.ml.quant.FixedPoint;
import io.zkml4j.ml.quant.QConst;
import io.zkml4j.ml.quant.QNode;
import io.zkml4j.ml.quant.QuantizedModel;
import io.zkml4j.ml.quant.TableRule;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;

/**
 * Prover-side view of a quantized model as a chain of provable layers: the {@link LayerSpec}s (public) with the
 * integer weights and biases (private). Built from a {@link QuantizedModel}; every node that is not provable in
 * this slice is rejected, with one line naming it, before any other work.
 */
final class ProvableModel {
    static final Set<String> SUPPORTED = Set.of("Gemm", "MatMul", "Relu", "Flatten", "Reshape");
    /** Element-wise operators computed by one table lookup ({@link UnaryLookupOp}), provable by a function-table lookup. */
    static final Set<String> LOOKUP_OPS = lookupOps();
    static final String SUPPORTED_LIST = "supported: Gemm, MatMul, Relu, Flatten, Reshape, " + String.join(", ", LOOKUP_OPS);

    private static Set<String> lookupOps() {
        Set<String> r = new TreeSet<>();
        for (String op : OpRegistry.supportedOps()) if (OpRegistry.get(op) instanceof UnaryLookupOp) r.add(op);
        return java.util.Collections.unmodifiableSet(r);
    }

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
            if (!SUPPORTED.contains(q.op) && !LOOKUP_OPS.contains(q.op)) throw unsupported(q, SUPPORTED_LIST);
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
                case "Gemm":
                case "MatMul":
                    linear(m, q, currentLen, specs, weights, biases);
                    break;
                default: // a UnaryLookupOp: requant to the table scale, clamp if saturating, look up (UnaryLookupOp.run)
                    if (q.inputs.size() != 1 || q.tables.size() != 1) throw unsupported(q, "one input and one table expected");
                    if (size(q.outShapes[0]) != currentLen) throw unsupported(q, "output shape " + Arrays.toString(q.outShapes[0]));
                    TableRule rule = q.tables.get(0);
                    if (q.outScales[0] != rule.sOut()) throw unsupported(q, "output scale differs from the table's");
                    try {
                        specs.add(LayerSpec.lookup(q.name, q.op, currentLen, currentScale, rule));
                    } catch (IllegalArgumentException e) {
                        throw unsupported(q, e.getMessage());
                    }
                    weights.add(null);
                    biases.add(null);
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
            } else if (s.kind == LayerSpec.Kind.LOOKUP) {
                // acc holds u = requant(q) (before the clamp); a cheat may change it (and out) in afterLayer
                long[] u = FixedPoint.requant(in, s.inScale, s.rule.sIn());
                acc[l] = u == in ? in.clone() : u;
                TableRule r = s.rule;
                for (int i = 0; i < out.length; i++) {
                    long c = u[i];
                    if (c < r.lo() || c > r.hi()) {
                        if (!r.saturate() && cheat == null) {
                            throw new ModelException("layer '" + s.name + "' (" + s.op + "): table input " + c + " outside the domain [" + r.lo() + ", " + r.hi() + "] (value out of calibrated range)");
                        }
                        c = FixedPoint.clamp(c, r.lo(), r.hi());
                    }
                    out[i] = r.entry(c);
                }
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

    /** The prover's witness: every vector of the chain (signed integers), every accumulator and every LOOKUP's u. */
    static final class Witness {
        final long[][] vectors;
        final long[][] acc;

        Witness(long[][] vectors, long[][] acc) {
            this.vectors = vectors;
            this.acc = acc;
        }
    }
}
