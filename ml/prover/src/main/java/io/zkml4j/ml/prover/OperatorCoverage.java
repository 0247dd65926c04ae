package io.zkml4j.ml.prover;

import io.zkml4j.ml.ops.OpRegistry;

import java.util.Collections;
import java.util.Map;
import java.util.TreeMap;

/**
 * Every operator the executor runs (`./zkml4j run`) that has no proof node of its own, with why: rewritten before
 * quantization into proven operators, computed at setup from constants and shapes, or not provable yet. A test keeps
 * it complete, so an operator added to the executor without a proof must be named here; `prove-all --markdown` prints it.
 */
public final class OperatorCoverage {
    private OperatorCoverage() {}

    private static final String REWRITTEN = "rewritten before quantization into proven operators (ml/quant)";
    private static final String FOLDED = "computed at setup from constants and shapes (folded); on runtime data its output shape depends on values";

    private static final Map<String, String> REASONS = reasons();

    private static Map<String, String> reasons() {
        Map<String, String> m = new TreeMap<>();
        for (String op : new String[] {"LayerNormalization", "ConvTranspose", "LSTM", "GRU", "RNN"}) m.put(op, REWRITTEN + ", constant weights");
        for (String op : new String[] {"Sum", "Mean", "Max", "Min", "HardSwish", "Softsign", "ReduceLogSum"}) m.put(op, REWRITTEN + ", float tensors");
        m.put("Hardmax", REWRITTEN + " (ArgMax then OneHot), opset 13 and later");
        m.put("InstanceNormalization", REWRITTEN + " (LayerNormalization's pattern over the spatial axes), constant scale and bias");
        for (String op : new String[] {"Constant", "ConstantOfShape", "EyeLike", "Range", "Shape", "Size", "NonZero"}) m.put(op, FOLDED);
        m.put("TopK", REWRITTEN + " (pairwise comparisons, ranks, a selection MatMul) along the last axis of at most 1024 entries with a constant K; a longer axis is not provable yet (the rewrite is quadratic)");
        m.put("Einsum", REWRITTEN + " (Transpose, Reshape, a batched MatMul; ReduceSum over an index of one operand only), float tensors, one or two"
                + " operands; an equation with \"...\" or a diagonal (an index repeated within an operand) is not provable yet");
        m.put("CumSum", REWRITTEN + " (a MatMul by the constant 0/1 triangle along the axis, Transpose around it), float tensors, a constant axis of at"
                + " most 2048 entries");
        m.put("ReduceProd", REWRITTEN + " (Transpose, Reshape, a Gather per factor, a chain of Mul with a rescale each), float tensors, at most 64"
                + " factors per output; more are not provable yet");
        m.put("Mod", REWRITTEN + " (x - b trunc(x / b) by IntDivProof's integer division, plus b where negative for fmod = 0), integer tensors,"
                + " one positive constant divisor; a float Mod or a divisor computed at run time is not provable yet");
        m.put("BitShift", REWRITTEN + " (LEFT: a Mul by 2^s; RIGHT: IntDivProof's integer division by 2^s), a constant shift (RIGHT: one for every"
                + " entry); a shift computed at run time is not provable yet");
        m.put("QuantizeLinear", REWRITTEN + " when only DequantizeLinear reads it (QDQ fake quantization): Mul by 1/scale, Round (half to even on the"
                + " fixed-point quotient), Add zero point, Clip to the type's range, constant scale and zero point, uint8 or int8; a QuantizeLinear whose"
                + " integers anything else reads is not provable yet (a float-to-integer Cast at a nonzero scale)");
        m.put("DequantizeLinear", REWRITTEN + " (Cast, Sub zero point, Mul scale; after a QuantizeLinear, that one folded in), constant scale and zero"
                + " point, uint8 or int8");
        return Collections.unmodifiableMap(m);
    }

    /** Operators the executor runs without a proof node, each with its reason (sorted by name). */
    public static Map<String, String> withoutProof() {
        Map<String, String> m = new TreeMap<>();
        for (String op : OpRegistry.supportedOps()) {
            if (OpProofs.has(op)) continue;
            m.put(op, REASONS.getOrDefault(op, "not provable yet"));
        }
        return m;
    }

    /** Why an Einsum the rewrite before quantization left whole has no proof, naming its equation; null for other operators. */
    static String whyNot(io.zkml4j.ml.quant.QNode q) {
        if (!q.op.equals("Einsum")) return null;
        return "equation '" + q.strings.get("equation") + "': only the MatMul-shaped equations of float tensors prove, without \"...\" or an index"
                + " repeated within an operand";
    }

    /** Named in {@link #REASONS}: false for an executor operator added without a proof or a reason. */
    static boolean named(String op) {
        return REASONS.containsKey(op);
    }
}
