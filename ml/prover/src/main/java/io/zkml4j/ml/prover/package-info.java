/**
 * The model prover: proofs that a committed quantized model maps a public input to a public output (every model
 * input and output, concatenated). Every tensor is committed (or public), and each node is proven on its own by its
 * {@link io.zkml4j.ml.prover.OpProof}; {@link io.zkml4j.ml.prover.OpProofs} registers them, one line per operator, and
 * is the list of provable operators (products by sumcheck, element-wise relations at random points, comparisons and
 * clamps by zero-checks and range checks, non-linear functions by table lookups, rescales and divisions by
 * range-checked remainders, index-only operators by static index maps). Public input and output; not zero knowledge
 * yet.
 *
 * <ul>
 *   <li>{@link io.zkml4j.ml.prover.ModelSetup#setup} commits the weights (Ligero, no trusted setup) and returns a
 *       {@link io.zkml4j.ml.prover.ProvingKey} (prover-only) holding the {@link io.zkml4j.ml.prover.VerifyingKey}
 *       (public: graph, shapes, scales, shifts, commitments; no weights).</li>
 *   <li>{@link io.zkml4j.ml.prover.ModelProver#prove} runs the exact integer model and proves it layer by layer, output
 *       to input (sumcheck for products, zero-check for Relu, LogUp-GKR range checks for remainders, activations and clamps, one LogUp-GKR
 *       function-table lookup per table rule,
 *       one batched Ligero opening).</li>
 *   <li>{@link io.zkml4j.ml.prover.ModelVerifier#verify} checks a proof from public values only; its Javadoc states what
 *       is proven and the soundness error (about 2^-100, limited by the PCS preset).</li>
 * </ul>
 * Any other operator is rejected at setup with one line: "node 'X' (Op): not provable yet (supported: ...)";
 * {@code zkml4j prove-all DIR} shows which models of a folder prove (docs/proving.md for the corpus).
 */
package io.zkml4j.ml.prover;
