package io.zkml4j.ml.prover;

import io.zkml4j.ml.ir.ModelException;
import io.zkml4j.ml.quant.FixedPoint;
import io.zkml4j.ml.quant.QConst;
import io.zkml4j.ml.quant.QNode;
import io.zkml4j.ml.quant.QuantizedModel;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Setup: turns a quantized model into the proof's tensors and node specs, and collects the constant values. Every
 * node that is not provable is rejected, with one line naming it, before any work.
 */
final class CircuitCompiler {
    final QuantizedModel model;
    final List<Vec> tensors = new ArrayList<>();
    /** Signed values of every CONST tensor (by id). */
    final Map<Integer, long[]> constValues = new HashMap<>();
    /** Scale of every tensor (by id), for the integer semantics of operators. */
    final Map<Integer, Integer> scales = new HashMap<>();
    private final Map<String, Integer> byName = new HashMap<>();
    final List<Integer> inputIds = new ArrayList<>(), outputIds = new ArrayList<>();
    /** The range budget B: |activation| &lt; 2^(B-1). */
    final int rangeBits;
    /**
     * Whether {@link #constValues} holds copies (a key's, which the prover's witness shares) or the model's own arrays
     * (a circuit derived only for its shape, as estimate does before setup: a copy of the 17.3M network's weights is
     * 139 MB).
     */
    private final boolean copyConstants;

    CircuitCompiler(QuantizedModel model, int rangeBits) {
        this(model, rangeBits, true);
    }

    CircuitCompiler(QuantizedModel model, int rangeBits, boolean copyConstants) {
        this.model = model;
        this.rangeBits = rangeBits;
        this.copyConstants = copyConstants;
    }

    static ModelException unsupported(QNode q, String why) {
        return new ModelException("node '" + q.name + "' (" + q.op + "): not provable yet (" + why + ")");
    }

    List<NodeSpec> compile() {
        for (QNode q : model.nodes) OpProofs.require(q);
        if (model.inputs.isEmpty()) throw new ModelException("model has no input: nothing to prove about a constant");
        if (model.outputs.isEmpty()) throw new ModelException("model has no output");
        for (QuantizedModel.Io io : model.inputs) {
            // an integer-typed input is a public tensor at scale 0 like any other (range-checked by the verifier)
            int id = add(io.name, Vec.Kind.INPUT, io.shape, io.scale);
            tensors.get(id).bits = io.bool;
            inputIds.add(id);
        }
        java.util.Set<String> outs = new java.util.HashSet<>();
        for (QuantizedModel.Io io : model.outputs) outs.add(io.name);
        List<NodeSpec> nodes = new ArrayList<>();
        for (QNode q : model.nodes) {
            for (int j = 0; j < q.outputs.size(); j++) {
                String o = q.outputs.get(j);
                if (o.isEmpty()) continue;
                add(o, outs.contains(o) ? Vec.Kind.OUTPUT : Vec.Kind.ADVICE, q.outShapes[j], q.outScales[j]);
            }
            nodes.add(OpProofs.of(q.op).compile(RequantProof.withPlainOperands(RequantProof.downToOutputScale(q, this), this, nodes), this));
        }
        for (QuantizedModel.Io io : model.outputs) {
            Integer id = byName.get(io.name);
            if (id == null || tensors.get(id).kind != Vec.Kind.OUTPUT) throw new ModelException("model output '" + io.name + "' is not computed by a provable node");
            outputIds.add(id);
        }
        if (nodes.isEmpty()) throw new ModelException("model has no node to prove");
        return nodes;
    }

    private int add(String name, Vec.Kind kind, int[] shape, int scale) {
        if (byName.containsKey(name)) throw new ModelException("tensor '" + name + "' is defined twice");
        int[] s = shape.length == 0 ? new int[] {1} : shape;
        long n = 1;
        for (int d : s) n *= d;
        if (n < 1 || n > (1 << 26)) throw new ModelException("tensor '" + name + "' of shape " + Arrays.toString(shape) + " is too large to prove");
        Vec v = new Vec(tensors.size(), name, kind, s);
        tensors.add(v);
        byName.put(name, v.id);
        scales.put(v.id, scale);
        return v.id;
    }

    /** The tensor a node reads: a model input, an earlier node's output, or a model constant (registered on first use). */
    int tensor(QNode q, int input) {
        String name = q.inputs.get(input);
        Integer id = byName.get(name);
        if (id != null) return id;
        QConst c = model.constants.get(name);
        if (c == null) throw unsupported(q, "input '" + name + "' is neither a tensor nor a constant");
        return constant(name, c.shape, c.values, c.scale);
    }

    boolean isConstant(QNode q, int input) {
        return model.constants.containsKey(q.inputs.get(input)) && !byName.containsKey(q.inputs.get(input));
    }

    /** A constant derived by an operator (e.g. a reshaped weight or a requantized bias), committed at setup. */
    int constant(String name, int[] shape, long[] values, int scale) {
        String n = byName.containsKey(name) ? name + "#" + tensors.size() : name;
        int id = add(n, Vec.Kind.CONST, shape, scale);
        if (values.length != Padding.size(tensors.get(id).shape)) throw new ModelException("constant '" + name + "': " + values.length + " values for shape " + Arrays.toString(shape));
        constValues.put(id, copyConstants ? values.clone() : values);
        return id;
    }

    /** A committed tensor the prover derives (not a model tensor), e.g. a requantized operand. */
    int advice(String name, int[] shape, int scale) {
        return add(name, Vec.Kind.ADVICE, shape, scale);
    }

    /**
     * Constant operand {@code input} of a node brought to {@code scale} at setup exactly as the executor does
     * (FixedPoint.requant: an exact up-shift or a rounding down-shift), registered as a CONST at that scale (the
     * constant itself when unchanged); its values are {@code constValues.get(id)}.
     */
    int requantized(QNode q, int input, int scale) {
        QConst k = model.constants.get(q.inputs.get(input));
        long[] v;
        try {
            v = FixedPoint.requant(k.values, q.inScales[input], scale);
        } catch (ModelException ex) {
            throw unsupported(q, "constant operand " + input + ": " + ex.getMessage());
        }
        return v == k.values ? tensor(q, input) : constant(q.inputs.get(input) + "@" + scale, k.shape, v, scale);
    }

    int output(QNode q, int j) {
        return byName.get(q.outputs.get(j));
    }

    int scale(int id) {
        return scales.get(id);
    }
}
