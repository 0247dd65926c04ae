package io.zkml4j.ml.quant;

import io.zkml4j.ml.ir.DType;
import io.zkml4j.ml.ir.ModelException;
import io.zkml4j.ml.ir.Node;
import io.zkml4j.ml.ir.Tensor;
import java.util.Arrays;

/**
 * What an operator sees while it is quantized: its node, the static shapes and types, the calibrated
 * ranges (max |x| over the samples) of its inputs and outputs, the scales already chosen for its
 * runtime inputs, and the values of its constant inputs. The operator writes its decisions into
 * {@link #q()} and registers the constants it uses through {@link #useConst}.
 */
public final class QuantContext {
    private final Node node;
    private final QNode q;
    private final Tensor[] consts;
    private final DType[] inTypes, outTypes;
    private final double[] inMax, outMax;
    private final ConstSink sink;
    private final QuantPolicy policy;

    /** Where quantized constants go (the model's constant table). */
    public interface ConstSink {
        String add(String baseName, QConst c);
    }

    public QuantContext(Node node, QNode q, Tensor[] consts, DType[] inTypes, DType[] outTypes,
                        double[] inMax, double[] outMax, ConstSink sink, QuantPolicy policy) {
        this.node = node;
        this.q = q;
        this.consts = consts;
        this.inTypes = inTypes;
        this.outTypes = outTypes;
        this.inMax = inMax;
        this.outMax = outMax;
        this.sink = sink;
        this.policy = policy;
    }

    public Node node() { return node; }
    public QNode q() { return q; }
    public QuantPolicy policy() { return policy; }
    public String where() { return node.describe(); }
    public int numInputs() { return q.inShapes.length; }
    public int numOutputs() { return q.outShapes.length; }
    public boolean present(int i) { return i < node.inputs().size() && !node.inputs().get(i).isEmpty(); }
    public boolean isConst(int i) { return present(i) && consts[i] != null; }
    public Tensor constant(int i) { return consts[i]; }
    public int[] inShape(int i) { return q.inShapes[i]; }
    public int[] outShape(int j) { return q.outShapes[j]; }
    public DType inType(int i) { return inTypes[i]; }
    public DType outType(int j) { return outTypes[j]; }
    public boolean inIsInt(int i) { return inTypes[i] != null && !inTypes[i].isFloat(); }
    public boolean outIsInt(int j) { return !outTypes[j].isFloat(); }
    public double inMax(int i) { return inMax[i]; }
    public double outMax(int j) { return outMax[j]; }

    /** Scale of a runtime input (already decided by its producer). */
    public int inScale(int i) {
        if (isConst(i)) throw new IllegalStateException("input " + i + " of " + where() + " is constant; use useConst");
        return q.inScales[i];
    }

    /** Default activation scale of output j: 0 for integer types, else from its calibrated range. */
    public int defaultOutScale(int j) {
        return outIsInt(j) ? 0 : policy.activationScale(outMax[j]);
    }

    public void setOutScale(int j, int s) {
        q.outScales[j] = s;
    }

    /**
     * Uses input i in the integer forward. A runtime input keeps its scale; a constant one is
     * quantized (integer types exactly at scale 0, floats at the weight precision) and registered.
     * Returns the input's scale.
     */
    public int use(int i) {
        if (!present(i)) throw new ModelException("missing input " + i + " of " + where());
        if (!isConst(i)) return q.inScales[i];
        int s = inIsInt(i) ? 0 : policy.weightScale(maxAbs(consts[i]));
        return useConst(i, s);
    }

    /** Uses every present input, returning their scales (0 for omitted). */
    public int[] useAll() {
        int[] s = new int[numInputs()];
        for (int i = 0; i < s.length; i++) if (present(i)) s[i] = use(i);
        return s;
    }

    /** Quantizes constant input i at scale s and wires it in. */
    public int useConst(int i, int s) {
        Tensor t = consts[i];
        long[] v = new long[t.size()];
        for (int k = 0; k < v.length; k++) v[k] = FixedPoint.quantize(t.getAsDouble(k), s);
        q.inputs.set(i, sink.add(node.inputs().get(i), new QConst(t.shape(), s, v)));
        q.inScales[i] = s;
        return s;
    }

    /**
     * Scale for a bias added to an accumulator at scale sAcc: sAcc itself unless the bias would then
     * exceed 2^47 in magnitude (tiny activations times tiny weights give huge accumulator scales); the
     * integer forward brings the bias to sAcc exactly (a shift up) when they differ.
     */
    public static int biasScale(double maxAbs, int sAcc) {
        return Math.min(sAcc, QuantPolicy.scaleFor(maxAbs, 48));
    }

    /** Wires in an extra constant computed by the operator (e.g. folded per-channel factors) as input i. */
    public void useDerivedConst(int i, String baseName, int[] shape, int s, long[] v) {
        while (q.inputs.size() <= i) q.inputs.add("");
        if (q.inShapes.length <= i) {
            q.inShapes = Arrays.copyOf(q.inShapes, i + 1);
            q.inScales = Arrays.copyOf(q.inScales, i + 1);
        }
        q.inShapes[i] = shape;
        q.inputs.set(i, sink.add(baseName, new QConst(shape, s, v)));
        q.inScales[i] = s;
    }

    public static double maxAbs(Tensor t) {
        double m = 0;
        for (int k = 0; k < t.size(); k++) m = Math.max(m, Math.abs(t.getAsDouble(k)));
        return m;
    }

    /** Integer values of a constant argument input (axes, shapes, indices). */
    public long[] constInts(int i) {
        if (!isConst(i)) throw new ModelException("input " + i + " of " + where() + " must be a constant (static graph); it is computed at run time");
        Tensor t = consts[i];
        long[] v = new long[t.size()];
        for (int k = 0; k < v.length; k++) v[k] = t.getAsLong(k);
        return v;
    }

    @Override
    public String toString() {
        return where() + " in " + Arrays.deepToString(q.inShapes);
    }
}
