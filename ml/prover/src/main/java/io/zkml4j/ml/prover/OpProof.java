package io.zkml4j.ml.prover;

import io.zkml4j.ml.quant.QNode;

/**
 * The proof of one operator: how its quantized node becomes public parameters, what advice and checks it declares,
 * how the prover fills that advice, and the interactive part on each side. Each side's method must read and write
 * the same transcript messages in the same order.
 *
 * <p>The model's tensors are all committed (or public), so each node is proven on its own: it draws its own points,
 * and every evaluation it needs becomes a claim that the single batched opening at the end proves.
 */
interface OpProof {
    /** Setup: checks the node is provable, registers its tensors and derived constants, returns its public spec. */
    NodeSpec compile(QNode q, CircuitCompiler c);

    /**
     * Both sides: declares the auxiliary vectors, range checks and lookups of the node (from public data only) and
     * returns what the other methods need of them (passed back as {@code decl}).
     */
    Object declare(NodeSpec n, Circuit.Declarer d);

    /** Prover: fills the node's auxiliary vectors and range-checked quantities from its tensors' values. */
    void witness(NodeSpec n, Object decl, Witness w);

    /** The interactive part, on either side (a {@link ProverCtx} or a {@link VerifierCtx}). */
    void run(NodeSpec n, Object decl, Side s);
}
