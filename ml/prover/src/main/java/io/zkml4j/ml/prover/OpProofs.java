package io.zkml4j.ml.prover;

import io.zkml4j.field.codec.ProofFormatException;
import io.zkml4j.ml.ops.OpRegistry;
import io.zkml4j.ml.ops.UnaryLookupOp;
import io.zkml4j.ml.quant.QNode;

import java.util.Collections;
import java.util.Map;
import java.util.TreeMap;

/** The registry of operator proofs: one line per operator. */
final class OpProofs {
    private OpProofs() {}

    private static final Map<String, OpProof> BY_OP = registry();

    private static Map<String, OpProof> registry() {
        Map<String, OpProof> m = new TreeMap<>();
        m.put("Gemm", new LinearProof());
        m.put("MatMul", new LinearProof());
        ClipProof clip = new ClipProof();
        m.put("Relu", clip);
        m.put("Clip", clip);
        m.put("Conv", new ConvProof());
        m.put("AveragePool", new PoolProof());
        m.put("GlobalAveragePool", new PoolProof());
        m.put("MaxPool", new MaxPoolProof());
        m.put("GlobalMaxPool", new MaxPoolProof());
        m.put("Add", new ElementwiseProof());
        m.put("Sub", new ElementwiseProof());
        m.put("Mul", new ElementwiseProof());
        m.put("Div", new DivProof());
        m.put("ReduceSum", new ReduceProof());
        m.put("ReduceMean", new ReduceProof());
        m.put("ReduceSumSquare", new ReduceProof());
        NormReduceProof norm = new NormReduceProof();
        m.put("ReduceL1", norm);
        m.put("ReduceL2", norm);
        m.put("ReduceMax", new AxisMax());
        m.put("ReduceMin", new AxisMax());
        m.put("ArgMax", new ArgMaxProof());
        m.put("ArgMin", new ArgMaxProof());
        m.put("Softmax", new SoftmaxProof());
        m.put("LogSoftmax", new SoftmaxProof());
        m.put("ReduceLogSumExp", new SoftmaxProof());
        m.put("BatchNormalization", new ElementwiseProof());
        m.put("Neg", new ElementwiseProof());
        m.put("Reciprocal", new DivProof());
        m.put("Pow", new PowProof());
        m.put("Sqrt", new SqrtProof());
        m.put("HardSigmoid", new HardSigmoidProof());
        LeakyReluProof slope = new LeakyReluProof();
        m.put("LeakyRelu", slope);
        m.put("PRelu", slope);
        m.put(RequantProof.OP, new RequantProof());
        ExactUnaryProof exact = new ExactUnaryProof();
        m.put("Abs", exact);
        m.put("Floor", exact);
        m.put("Ceil", exact);
        m.put("Round", exact);
        m.put("Sign", exact);
        CompareProof compare = new CompareProof();
        for (String op : new String[] {"Less", "Greater", "LessOrEqual", "GreaterOrEqual", "Equal"}) m.put(op, compare);
        LogicProof logic = new LogicProof();
        for (String op : new String[] {"Not", "And", "Or", "Xor", "Where"}) m.put(op, logic);
        ActivationProof act = new ActivationProof();
        IndexProof index = new IndexProof();
        for (String op : OpRegistry.supportedOps()) {
            if (OpRegistry.get(op) instanceof UnaryLookupOp) m.put(op, act);
            if (IndexProof.isIndexOp(op)) m.put(op, index);
        }
        GatherProof gather = new GatherProof(); // constant indices: IndexProof's map; runtime indices: a one-hot lookup
        m.put("Gather", gather);
        m.put("GatherElements", gather);
        m.put("OneHot", gather);
        m.put("GatherND", gather);
        m.put("ScatterND", new ScatterProof());
        m.put("Cast", index); // the value-preserving mode only (IndexProof.compileCast)
        return Collections.unmodifiableMap(m);
    }

    static boolean has(String op) {
        return BY_OP.containsKey(op);
    }

    static String supportedList() {
        return String.join(", ", BY_OP.keySet());
    }

    /** Throws the one-line "not provable yet" error for a node whose operator has no proof. */
    static void require(QNode q) {
        if (BY_OP.containsKey(q.op)) return;
        String why = OperatorCoverage.whyNot(q);
        throw CircuitCompiler.unsupported(q, why != null ? why : "supported: " + supportedList());
    }

    static OpProof of(String op) {
        OpProof p = BY_OP.get(op);
        if (p == null) throw new IllegalArgumentException("operator " + op + " has no proof");
        return p;
    }

    /** The proof of a node read from a verifying key (an unknown operator is a malformed key). */
    static OpProof of(NodeSpec n) {
        OpProof p = BY_OP.get(n.op);
        if (p == null) throw new ProofFormatException(n.where() + ": operator unknown to this verifier");
        return p;
    }
}
