package io.zkml4j.ml.prover;

import io.zkml4j.ml.quant.QNode;

/** Placeholder while this operator's proof is written: every node is rejected at setup as not provable yet. */
final class MaxPoolProof implements OpProof {
    @Override
    public NodeSpec compile(QNode q, CircuitCompiler c) {
        throw CircuitCompiler.unsupported(q, "proof in progress");
    }

    @Override
    public Object declare(NodeSpec n, Circuit.Declarer d) {
        throw new IllegalArgumentException(n.where() + ": operator not provable yet");
    }

    @Override
    public void witness(NodeSpec n, Object decl, Witness w) {}

    @Override
    public void run(NodeSpec n, Object decl, Side s) {}
}
