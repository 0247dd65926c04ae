package io.zkml4j.ml.prover;

import io.zkml4j.field.Goldilocks;
import io.zkml4j.field.GoldilocksExt2;
import io.zkml4j.field.codec.FieldReader;
import io.zkml4j.field.codec.FieldWriter;
import io.zkml4j.lookup.FunctionTable;
import io.zkml4j.lookup.LookupClaims;
import io.zkml4j.lookup.LookupProof;
import io.zkml4j.lookup.LookupProver;
import io.zkml4j.lookup.LookupProverOutput;
import io.zkml4j.lookup.LookupShape;
import io.zkml4j.lookup.LookupVerifier;
import io.zkml4j.lookup.LookupWitness;
import io.zkml4j.lookup.SymLookupClaims;
import io.zkml4j.lookup.SymLookupVerifier;
import io.zkml4j.lookup.Table;
import io.zkml4j.ml.ir.ModelException;
import io.zkml4j.ml.quant.IntTrace;
import io.zkml4j.ml.quant.TableRule;
import io.zkml4j.pcs.EvalClaim;
import io.zkml4j.pcs.MultilinearPcs;
import io.zkml4j.pcs.PcsCommitment;
import io.zkml4j.pcs.PcsProverData;
import io.zkml4j.poly.Eq;
import io.zkml4j.sumcheck.SymSink;
import io.zkml4j.transcript.Transcript;
import io.zkml4j.transcript.VerificationException;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * The model proof, end to end (both sides). Transcript order, identical for prover and verifier:
 * <ol>
 *   <li>label {@value #LABEL}, the verifying key's digest (its visibility included), the input and output where the
 *       key declares them public (field elements of the signed integers, lengths bound; a private one absorbs as
 *       empty);</li>
 *   <li>the advice commitment (hidden tensors, operators' auxiliary vectors, range limbs, lookup multiplicities);</li>
 *   <li>each node's interactive part, last node first ({@link OpProof#run}): its own challenges, sumchecks and
 *       evaluations, every evaluation of a committed vector absorbed as it is sent;</li>
 *   <li>the range budget of every private input ({@link InputBounds});</li>
 *   <li>one LogUp-GKR over the range region (all limbs, the w-bit range table), then one per table rule over its
 *       (indices, outputs + T(0) pad) regions; their claims on the regions and multiplicities join the others;</li>
 *   <li>the padding zero-check ({@link PaddingCheck}): every padded entry of every advice vector is zero;</li>
 *   <li>one batched opening (the key's commitment scheme) of every claim on the constant table and the advice table,
 *       the key's claim from its proof that the constants' padding is zero among them ({@link ConstantsPadding}).</li>
 * </ol>
 * The proof is the sequence of prover messages in that order; the verifier reads exactly what it expects (shapes
 * all come from the key) and rejects trailing bytes.
 */
final class GraphProtocol {
    static final String LABEL = "zkml4j.model-proof/v3";
    static final int FORMAT_VERSION = 6; // 4: evaluation claims batched per table (ClaimBatch); 5: range limbs looked up with their widths; 6: the padding zero-check eq-factored (degree 3)

    private GraphProtocol() {}

    /**
     * Test seam: a cheating prover that may send anything and keeps the transcript faithful (every lie is absorbed as
     * sent). Each hook defaults to the honest behaviour; docs/security.md lists what the suites do with them.
     */
    interface Cheat {
        /** Alters tensor values (by vector id) after the honest run and before anything derived from them. */
        default void tensors(Witness w) {}

        /** Alters the witness after the operators filled it (before limbs and multiplicities are derived). */
        default void witness(Witness w) {}

        /**
         * Alters committed values in the padded layout ({@link Witness#setPadded}: any entry, padding included, limbs
         * included) after the limbs are derived and before the lookups' multiplicities and the commitment.
         */
        default void padded(Witness w) {}

        default long[] claimedInput(long[] x) {
            return x;
        }

        default long[] claimedOutput(long[] y) {
            return y;
        }

        /**
         * Alters the committed values last ({@link Witness#setPadded}), after the lookups' witnesses took theirs: the
         * commitment then holds other multiplicities (or values) than the LogUp proofs used.
         */
        default void committed(Witness w) {}

        /**
         * The adversary for the {@code index}-th sumcheck of {@code node} ({@code node} null: the padding check's), whose
         * verifier expects the sum {@code claimed}; returning null keeps that sumcheck honest.
         */
        default io.zkml4j.sumcheck.SumcheckAdversary sumcheck(NodeSpec node, int index, GoldilocksExt2 claimed) {
            return null;
        }

        /** Any prover message of a node about to be sent and absorbed (evaluations, slot values): any value. */
        default GoldilocksExt2 message(NodeSpec node, String label, GoldilocksExt2 value) {
            return value;
        }

        /** A claimed evaluation of a committed vector about to be sent (and claimed for the opening): any value. */
        default GoldilocksExt2 evaluation(NodeSpec node, Vec vec, GoldilocksExt2[] point, GoldilocksExt2 value) {
            return value;
        }

        /**
         * The multiplicities committed for a lookup ({@code counts}: its in-table rows counted, out-of-table rows not):
         * a cheating prover's witness is never refused, whatever its rows hold.
         */
        default long[] multiplicities(Table table, long[] counts) {
            return counts;
        }

        /**
         * The advice table as committed, from a copy of the one the messages are made from: any table (a commitment to
         * another witness than the one proven).
         */
        default long[] advice(long[] table) {
            return table;
        }

        /** A zero-knowledge proof's pads right after they are drawn (a broken prover: a mask left out). */
        default void pads(GoldilocksExt2[] pads) {}

        /**
         * The value a zero-knowledge proof under a key with public constants reveals for its reduced claim on the
         * constants at {@code point} ({@code claimed}: the value its masked transcript carries, the honest C(point)).
         */
        default GoldilocksExt2 revealedConstant(GoldilocksExt2[] point, GoldilocksExt2 claimed) {
            return claimed;
        }

        /** The width column the range region is looked up with (row i: the width claimed for region row i): any widths. */
        default long[] widths(long[] honest) {
            return honest;
        }
    }

    /** The honest witness, or a cheat's (never refused: out-of-table rows reach the verifier). */
    private static LookupWitness lookupWitness(Table table, long[][][] segments, Cheat cheat) {
        if (cheat == null) return LookupWitness.of(table, segments);
        return LookupWitness.unchecked(table, segments, cheat.multiplicities(table, LookupWitness.inTableCounts(table, segments)));
    }

    /** The statement's public values: the input or output itself where the key declares it public, else nothing. */
    static long[] publicPart(boolean isPublic, long[] values) {
        return isPublic ? values : new long[0];
    }

    static Transcript statement(VerifyingKey vk, long[] input, long[] output) {
        Transcript t = new Transcript(LABEL);
        t.absorbBytes("model.vk", vk.digest());
        t.absorbFields("model.input", toField(input));
        t.absorbFields("model.output", toField(output));
        return t;
    }

    static long[] toField(long[] signed) {
        long[] r = new long[signed.length];
        for (int i = 0; i < r.length; i++) r[i] = Goldilocks.fromSigned(signed[i]);
        return r;
    }

    /** The proof and the public output it is about. */
    record Proved(long[] output, byte[] proof) {}

    static Proved prove(ProvingKey pk, long[] x, Cheat cheat, ProveProgress progress) {
        return prove(pk, x, cheat, progress, null);
    }

    /** {@code zk}: the randomness of a zero-knowledge proof ({@link #proveZk}); null: the validity proof. */
    static Proved prove(ProvingKey pk, long[] x, Cheat cheat, ProveProgress progress, io.zkml4j.pcs.Blinding zk) {
        VerifyingKey vk = pk.vk;
        Circuit c = vk.circuit;
        long bound = 1L << (vk.rangeBits - 1);
        List<VerifyingKey.Io> ins = vk.inputs(), outs = vk.outputs();
        List<long[]> perInput = new ArrayList<>();
        for (VerifyingKey.Io io : ins) {
            long[] xi = io.of(x);
            for (long v : xi) if (v <= -bound || v >= bound) throw new ModelException("input '" + io.name() + "': value " + v + " outside the provable range |v| < 2^" + (vk.rangeBits - 1));
            perInput.add(xi);
        }
        IntTrace trace = pk.model.execute(perInput);
        Witness w = new Witness(c);
        w.constTable = pk.constTable;
        if (cheat != null) w.trusting = false;
        java.util.Set<Integer> derived = new java.util.HashSet<>(); // tensors a node's witness computes (not the model's)
        for (NodeSpec n : c.nodes) if (n.op.equals(RequantProof.OP)) for (int o : n.out) derived.add(o);
        for (Vec v : vk.tensors) {
            if (derived.contains(v.id)) continue;
            switch (v.kind) {
                case CONST -> w.set(v.id, pk.constValues.get(v.id));
                case INPUT -> w.set(v.id, perInput.get(indexOf(vk.inputs, v.id)));
                default -> {
                    IntTrace.Value tv = trace.get(v.name);
                    if (tv == null) throw new IllegalStateException("internal: no value for tensor " + v.name);
                    w.set(v.id, tv.values());
                }
            }
        }
        if (cheat != null) cheat.tensors(w);
        long[] y = new long[vk.outputLength()];
        for (int j = 0; j < outs.size(); j++) {
            long[] yj = w.values(vk.outputs[j]);
            for (long v : yj) if (v <= -bound || v >= bound) throw new ModelException("output '" + outs.get(j).name() + "': value " + v + " outside the provable range |v| < 2^" + (vk.rangeBits - 1));
            System.arraycopy(yj, 0, y, outs.get(j).offset(), yj.length);
        }
        int total = progressSteps(c);
        progress.step("witness", 0, total);
        for (int i = 0; i < c.nodes.size(); i++) OpProofs.of(c.nodes.get(i)).witness(c.nodes.get(i), c.decls.get(i), w);
        InputBounds.witness(c, w);
        if (cheat != null) cheat.witness(w);
        w.fillLimbs();
        if (cheat != null) cheat.padded(w);
        // lookups: witnesses (multiplicities are advice, committed with the rest)
        LookupWitness rangeW = null;
        if (c.rangeRegion != null) {
            long[] widths = cheat == null ? widthColumn(c) : cheat.widths(widthColumn(c));
            rangeW = lookupWitness(c.rangeTable(), new long[][][] {{widths, w.padded(c.rangeRegion.id).clone()}}, cheat);
            w.set(c.rangeMultiplicities, rangeW.multiplicities());
        }
        List<LookupWitness> fnW = new ArrayList<>();
        for (Map.Entry<TableRule, Vec[]> e : c.ruleRegions.entrySet()) {
            Vec[] ab = e.getValue();
            long[] col = w.padded(ab[1].id).clone();
            long t0 = Goldilocks.fromSigned(e.getKey().entry(0));
            long[] pad = padColumn(c, ab[1]);
            for (int i = 0; i < col.length; i++) if (pad[i] == 1) col[i] = Goldilocks.add(col[i], t0);
            LookupWitness lw = lookupWitness(Circuit.functionTable(e.getKey()), new long[][][] {{w.padded(ab[0].id).clone(), col}}, cheat);
            fnW.add(lw);
            w.set(c.ruleMultiplicities.get(e.getKey()), lw.multiplicities());
        }
        if (cheat != null) cheat.committed(w);
        progress.step("commit", 1, total);
        if (zk == null && vk.zeroKnowledge()) {
            // the key's own record, not a probe of its prover data: a hiding key's proofs are zero-knowledge (ModelProver)
            throw new ModelException("proving key: set up for zero-knowledge proofs, it makes no validity proof");
        }
        pk.reserveOpening(); // the constants' next mask set, recorded in the key's file before it is used
        if (zk != null) {
            try {
                return proveZk(pk, w, rangeW, fnW, x, y, cheat, zk, progress);
            } catch (io.zkml4j.pcs.SpentCommitmentException e) {
                throw new ModelException(pk.spentMessage());
            }
        }
        MultilinearPcs pcs = pk.pcs;
        PcsProverData advice = null;
        long[] adviceTable = null;
        if (c.adviceVars >= 0) {
            adviceTable = adviceTable(c, w);
            advice = pcs.commit(committed(adviceTable, cheat), pcs.commitBlinding());
        }
        long[] xs = x, ys = y;
        if (cheat != null) {
            xs = cheat.claimedInput(x);
            ys = cheat.claimedOutput(y);
        }
        Transcript t = statement(vk, publicPart(vk.visibility.inputPublic(), xs), publicPart(vk.visibility.outputPublic(), ys));
        FieldWriter out = new FieldWriter().u8(FORMAT_VERSION);
        if (advice != null) {
            advice.commitment().absorbInto(t);
            advice.commitment().writeTo(out);
        }
        List<EvalClaim> claims = proverMessages(pk, w, rangeW, fnW, adviceTable, t, out, null, cheat, progress).stream().map(ClaimBatch.Reduced::evalClaim).toList();
        List<PcsProverData> data = new ArrayList<>();
        if (pk.constData != null) data.add(pk.constData);
        if (advice != null) data.add(advice);
        if (!claims.isEmpty()) {
            try {
                pcs.open(data, claims, t).writeTo(out);
            } catch (io.zkml4j.pcs.CorruptProverDataException e) {
                throw new ModelException("proving key: " + e.getMessage());
            } catch (io.zkml4j.pcs.SpentCommitmentException e) {
                throw new ModelException(pk.spentMessage());
            }
        }
        return new Proved(ys, out.toByteArray());
    }

    /**
     * Throws VerificationException (or ProofFormatException for a malformed proof) unless the proof holds. A private
     * input or output is not given: x (resp. y) is then null or empty. A zero-knowledge proof (its first byte
     * {@value #FORMAT_ZK}) is verified by {@link #verifyZk}.
     */
    static void verify(VerifyingKey vk, long[] x, long[] y, byte[] proof) {
        if (proof.length > 0 && proof[0] == FORMAT_ZK) verifyZk(vk, x, y, proof);
        else verification.verify(vk, x, y, proof);
    }

    // ------------------------------------------------------------------ zero knowledge

    /** The first byte of a zero-knowledge proof (a validity proof's is {@link #FORMAT_VERSION}). */
    static final int FORMAT_ZK = 106; // 106: the constants' opening (B > 1) sends one mask set per column and its set-tree path
    private static final String ZK_LABEL = "zkml4j.model-proof.zk/v1";

    /**
     * Tableau indices of a zero-knowledge proof: [constants][advice] pads products (the bracketed when the key has them;
     * no constants' tableau when they are public: they are opened by the binding scheme instead).
     */
    private record ZkTableaux(int constants, int advice, int pads, int products) {
        static ZkTableaux of(VerifyingKey vk) {
            Circuit c = vk.circuit;
            int i = 0;
            int k = c.constVars >= 0 && !vk.publicConstants() ? i++ : -1, a = c.adviceVars >= 0 ? i++ : -1;
            return new ZkTableaux(k, a, i, i + 1);
        }

        /** The tableau of a claim ClaimBatch left on table {@code index} (its indices: the constants first when the key has them, then the advice). */
        int of(Circuit c, int index) {
            return c.constVars >= 0 && index == 0 ? constants : advice;
        }
    }

    /**
     * The zero-knowledge proof (docs/zero-knowledge.md, Longfellow's encrypted transcript). Format: {@value #FORMAT_ZK},
     * the pad count P, the commitments (hiding) to the advice and to the pad table (P uniform extension pads), then
     * every message of the validity proof's nodes, input bounds, lookups, padding check and claim reductions
     * ({@link ClaimBatch}: the claims per table reduced to one, as in the validity proof), each sent as e = m - p with
     * its own pad; then the commitment to the product tableau and one {@link io.zkml4j.pcs.LigeroConstraints} proof of
     * every check the verifier deferred (its symbolic run's constraints) and of every reduced claim (an evaluation term:
     * W(z) - value = 0, one per table plus the large constants' own), which replaces the batched opening. P is counted by a
     * dry run of the verifier ({@link #padCount}); the product variables by the symbolic verifier run over the proof
     * (the prover runs exactly the verifier's code: the layout agrees by construction). The key must use
     * {@link io.zkml4j.pcs.HidingLigeroPcs}; its constants' commitment is opened by this proof with the mask set {@link ProvingKey#reserveOpening} selected (a key proves B times).
     * Under a key with public constants ({@link VerifyingKey#publicConstants}: committed binding-only, no budget) there
     * is no constants' tableau: each reduced claim on them is sent in the clear after the messages (v = C(z)), tied to
     * its masked value by one constraint on the pads, and opened by the key's binding scheme after the constraint proof.
     */
    private static Proved proveZk(ProvingKey pk, Witness w, LookupWitness rangeW, List<LookupWitness> fnW, long[] x, long[] y, Cheat cheat, io.zkml4j.pcs.Blinding rnd,
            ProveProgress progress) {
        VerifyingKey vk = pk.vk;
        Circuit c = vk.circuit;
        io.zkml4j.pcs.HidingLigeroPcs hiding = vk.zkScheme();
        if (hiding == null) throw new ModelException("a zero-knowledge proof needs a key set up with HidingLigeroPcs");
        io.zkml4j.pcs.LigeroConstraints zkc = new io.zkml4j.pcs.LigeroConstraints(hiding);
        long[] adviceTable = c.adviceVars >= 0 ? adviceTable(c, w) : null;
        long[] xs = x, ys = y;
        if (cheat != null) {
            xs = cheat.claimedInput(x);
            ys = cheat.claimedOutput(y);
        }
        long[] xPub = publicPart(vk.visibility.inputPublic(), xs), yPub = publicPart(vk.visibility.outputPublic(), ys);
        int count = pk.zkPadCount;
        if (count < 0) pk.zkPadCount = count = padCount(vk, xPub, yPub); // once per key: shapes only
        GoldilocksExt2[] pads = new GoldilocksExt2[count];
        long[] padTable = new long[1 << ZkSink.tableVars(count)];
        for (int i = 0; i < count; i++) pads[i] = GoldilocksExt2.of(rnd.nextField(), rnd.nextField());
        if (cheat != null) cheat.pads(pads);
        for (int i = 0; i < count; i++) {
            padTable[2 * i] = pads[i].c0;
            padTable[2 * i + 1] = pads[i].c1;
        }
        // the tableaux' evaluation masks carry shares of zero: the constants' (as committed at setup), advice's and
        // pads' uniform, the product tableau's the rest
        boolean hidingConstants = pk.constData != null && !vk.publicConstants();
        GoldilocksExt2 rest = hidingConstants ? io.zkml4j.pcs.LigeroConstraints.share(pk.constData).neg() : GoldilocksExt2.ZERO;
        io.zkml4j.pcs.HidingLigeroProverData adviceData = null;
        if (adviceTable != null) {
            GoldilocksExt2 s = GoldilocksExt2.of(rnd.nextField(), rnd.nextField());
            adviceData = zkc.commit(committed(adviceTable, cheat), rnd, s);
            rest = rest.sub(s);
        }
        GoldilocksExt2 sp = GoldilocksExt2.of(rnd.nextField(), rnd.nextField());
        io.zkml4j.pcs.HidingLigeroProverData padData = zkc.commit(padTable, rnd, sp);
        rest = rest.sub(sp);
        FieldWriter out = new FieldWriter().u8(FORMAT_ZK).u32(count);
        if (adviceData != null) adviceData.commitment().writeTo(out);
        padData.commitment().writeTo(out);
        Transcript t = statement(vk, xPub, yPub);
        zkHeader(t, count, adviceData == null ? null : adviceData.commitment(), padData.commitment());
        ProverCtx.Pads masks = new ProverCtx.Pads(pads);
        List<ClaimBatch.Reduced> reduced = proverMessages(pk, w, rangeW, fnW, adviceTable, t, out, masks, cheat, progress);
        if (masks.used() != count) throw new IllegalStateException("internal: " + masks.used() + " messages masked, " + count + " pads counted");
        ZkTableaux tab = ZkTableaux.of(vk);
        // a reduced claim with no tableau (public constants) in the clear: read, absorbed and tied to its masked value by zkRun
        for (ClaimBatch.Reduced r : reduced) {
            if (tab.of(c, r.index()) >= 0) continue;
            GoldilocksExt2 v = r.value().concrete();
            out.ext(cheat == null ? v : cheat.revealedConstant(r.point(), v));
        }
        // the verifier's symbolic run over the proof so far, with the pads known: its constraints and product values
        ZkSink sink = new ZkSink(tab.pads, tab.products, count, pads);
        FieldReader in = new FieldReader(out.toByteArray());
        ZkRun run = zkRun(vk, xPub, yPub, in, n -> sink);
        io.zkml4j.pcs.HidingLigeroProverData productData = zkc.commit(sink.productTable(rnd), rnd, rest);
        productData.commitment().writeTo(out);
        productData.commitment().absorbInto(run.t);
        List<PcsProverData> tableaux = new ArrayList<>();
        if (hidingConstants) tableaux.add(pk.constData);
        if (adviceData != null) tableaux.add(adviceData);
        tableaux.add(padData);
        tableaux.add(productData);
        zkc.prove(tableaux, run.constraints, sink.products, run.t).writeTo(out);
        if (!run.publicClaims.isEmpty()) {
            // the revealed claims on the public constants: the binding opening a validity proof makes of them
            try {
                pk.pcs.open(List.of(pk.constData), run.publicClaims, run.t).writeTo(out);
            } catch (io.zkml4j.pcs.CorruptProverDataException e) {
                throw new ModelException("proving key: " + e.getMessage());
            }
        }
        return new Proved(ys, out.toByteArray());
    }

    /** Test view: every masked message of a zero-knowledge proof, in the order received (the statement's public parts given). */
    static List<GoldilocksExt2> zkMessages(VerifyingKey vk, long[] x, long[] y, byte[] proof) {
        return zkSink(vk, x, y, proof).received;
    }

    /** Test view: the verifier's sink after its symbolic run over a zero-knowledge proof (its messages and deferred checks). */
    static ZkSink zkSink(VerifyingKey vk, long[] x, long[] y, byte[] proof) {
        return zkSink(vk, x, y, new FieldReader(proof));
    }

    static ZkSink zkSink(VerifyingKey vk, long[] x, long[] y, FieldReader in) {
        ZkSink[] made = new ZkSink[1];
        zkRun(vk, x, y, in, made);
        return made[0];
    }

    /**
     * Test view: the byte offset of the constraint proof's opening of the constants' tableau (its first part: the u32
     * mask set when the key's budget is above one), after the product commitment, the product count and the X', Y'.
     */
    static int zkConstantsOpeningOffset(VerifyingKey vk, long[] x, long[] y, byte[] proof) {
        FieldReader in = new FieldReader(proof);
        ZkSink sink = zkSink(vk, x, y, in);
        io.zkml4j.pcs.LigeroCommitment.readHidingOnce(in, "product commitment");
        return proof.length - in.remaining() + 4 + 32 * sink.products.size();
    }

    /** Test view: the claims on public constants a zero-knowledge proof reveals (empty unless the key's constants are public). */
    static List<EvalClaim> zkPublicClaims(VerifyingKey vk, long[] x, long[] y, byte[] proof) {
        return zkRun(vk, x, y, new FieldReader(proof), new ZkSink[1]).publicClaims;
    }

    /** Test view: the claims a zero-knowledge proof leaves as evaluation terms of its constraint proof (after the reduction). */
    static List<ClaimBatch.Reduced> zkReduced(VerifyingKey vk, long[] x, long[] y, byte[] proof) {
        return zkRun(vk, x, y, new FieldReader(proof), new ZkSink[1]).reduced;
    }

    private static ZkRun zkRun(VerifyingKey vk, long[] x, long[] y, FieldReader in, ZkSink[] made) {
        ZkTableaux tab = ZkTableaux.of(vk);
        return zkRun(vk, publicPart(vk.visibility.inputPublic(), x), publicPart(vk.visibility.outputPublic(), y), in,
                count -> made[0] = new ZkSink(tab.pads, tab.products, count, null));
    }

    private static void zkHeader(Transcript t, int count, io.zkml4j.pcs.LigeroCommitment advice, io.zkml4j.pcs.LigeroCommitment pads) {
        t.absorbBytes("zk.label", ZK_LABEL.getBytes(java.nio.charset.StandardCharsets.UTF_8));
        t.absorbField("zk.pads", count);
        if (advice != null) advice.absorbInto(t);
        pads.absorbInto(t); // the pads are bound before the first message
    }

    /**
     * Both sides' symbolic run of the messages: nodes, input bounds, lookups, padding check, then the claims reduced per
     * table in the encrypted transcript ({@link ClaimBatch}); returns the claims left.
     */
    private static List<ClaimBatch.Reduced> symbolicMessages(VerifyingKey vk, VerifierCtx v, FieldReader in, Transcript t, ZkSink sink) {
        messages(vk, v, in, t, sink);
        return ClaimBatch.reduce(v, vk.circuit, v.claims, null);
    }

    /**
     * The pad count of a zero-knowledge proof under this key: the number of values the verifier's symbolic run
     * receives, counted by that run over a shape-only reader (every shape comes from the key, every value reads as
     * zero) instead of a first pass of the prover's messages. {@code x}, {@code y}: the statement's public parts.
     */
    static int padCount(VerifyingKey vk, long[] x, long[] y) {
        ZkTableaux tab = ZkTableaux.of(vk);
        ZkSink sink = new ZkSink(tab.pads, tab.products, ZkSink.PRODUCT_BASE - 1, null);
        FieldReader in = FieldReader.shapeOnly();
        Transcript t = statement(vk, x, y);
        symbolicMessages(vk, new VerifierCtx(vk.circuit, t, in, publicVectors(vk, x, y), sink), in, t, sink);
        return sink.received.size();
    }

    /**
     * The symbolic run's result: the transcript after the messages, every constraint (the deferred checks, then the
     * claims), the hiding tableaux' commitments, the claims left, and the claims on public constants revealed in the
     * clear (for the binding opening; empty unless the key's constants are public).
     */
    private record ZkRun(Transcript t, List<io.zkml4j.pcs.LinearConstraint> constraints, List<io.zkml4j.pcs.LigeroCommitment> commitments, List<ClaimBatch.Reduced> reduced,
                         List<EvalClaim> publicClaims) {}

    /**
     * Both sides: reads the header and the messages and runs the graph verifier on symbolic values over {@code sink}.
     * {@code x}, {@code y}: the public parts (empty when private), already checked by the caller.
     */
    private static ZkRun zkRun(VerifyingKey vk, long[] x, long[] y, FieldReader in, java.util.function.IntFunction<ZkSink> sinkFor) {
        Circuit c = vk.circuit;
        if (in.u8("proof format") != FORMAT_ZK) throw new io.zkml4j.field.codec.ProofFormatException("not a zero-knowledge proof");
        int count = in.u32("pad count");
        if (count < 1 || count >= ZkSink.PRODUCT_BASE) throw new VerificationException("zero-knowledge proof with " + count + " pads");
        ZkTableaux tab = ZkTableaux.of(vk);
        List<io.zkml4j.pcs.LigeroCommitment> cms = new ArrayList<>();
        if (tab.constants >= 0) cms.add((io.zkml4j.pcs.LigeroCommitment) vk.constants);
        io.zkml4j.pcs.LigeroCommitment advice = null;
        if (c.adviceVars >= 0) {
            advice = io.zkml4j.pcs.LigeroCommitment.readHidingOnce(in, "advice commitment");
            if (advice.numVars() != c.adviceVars) throw new VerificationException("advice commitment of 2^" + advice.numVars() + " entries, the key needs 2^" + c.adviceVars);
            cms.add(advice);
        }
        io.zkml4j.pcs.LigeroCommitment padC = io.zkml4j.pcs.LigeroCommitment.readHidingOnce(in, "pad commitment");
        if (padC.numVars() != ZkSink.tableVars(count)) throw new VerificationException("pad commitment of 2^" + padC.numVars() + " entries for " + count + " pads");
        cms.add(padC);
        ZkSink sink = sinkFor.apply(count);
        long[][] pub = publicVectors(vk, x, y);
        Transcript t = statement(vk, x, y);
        zkHeader(t, count, advice, padC);
        List<ClaimBatch.Reduced> reduced = symbolicMessages(vk, new VerifierCtx(c, t, in, pub, sink), in, t, sink);
        sink.requireAllPadsUsed();
        // each claim left after the reduction, W(z) - value = 0, an evaluation term on its tableau; on public constants
        // (no tableau) the value v = C(z) is sent in the clear and absorbed, the masked claim tied to it by the
        // constraint value - v = 0 (a constraint on the pads), and (z, v) is left for the binding opening
        List<io.zkml4j.pcs.LinearConstraint> constraints = new ArrayList<>(sink.constraints);
        List<EvalClaim> publicClaims = new ArrayList<>();
        for (ClaimBatch.Reduced r : reduced) {
            int tableau = tab.of(c, r.index());
            if (tableau < 0) {
                GoldilocksExt2 v = in.ext("public constants' claim");
                t.absorbExt("zk.constants.claim", v); // before every later challenge
                constraints.add(sink.constraint(r.value().form().sub(io.zkml4j.sumcheck.Sym.known(v))));
                publicClaims.add(new EvalClaim(0, r.point(), v));
                continue;
            }
            io.zkml4j.pcs.LinearConstraint.Builder b = io.zkml4j.pcs.LinearConstraint.builder().eval(tableau, r.point(), GoldilocksExt2.ONE);
            constraints.add(sink.constraint(b, r.value().form().scale(GoldilocksExt2.ONE.neg())));
        }
        return new ZkRun(t, constraints, cms, reduced, publicClaims);
    }

    /**
     * Verifies a zero-knowledge proof ({@link #proveZk}): the symbolic run, then the constraint proof over the hiding
     * tableaux, then (public constants) the binding opening of the revealed claims.
     */
    static void verifyZk(VerifyingKey vk, long[] x, long[] y, byte[] proof) {
        verifyZk(vk, x, y, proof, null);
    }

    /**
     * As {@link #verifyZk(VerifyingKey, long[], long[], byte[])}; {@code programmed}: the constraint proof's challenges as
     * a simulator chose them (the whole-proof simulator's test, whose keys hide their constants: a binding opening after
     * it would draw from a transcript the constraint proof did not extend), null to draw them from the transcript
     * (every caller but that test).
     */
    static void verifyZk(VerifyingKey vk, long[] x, long[] y, byte[] proof, io.zkml4j.pcs.LigeroConstraints.Challenges programmed) {
        Circuit c = vk.circuit;
        io.zkml4j.pcs.HidingLigeroPcs hiding = vk.zkScheme();
        if (hiding == null) throw new VerificationException("a zero-knowledge proof for a key without a hiding commitment scheme");
        boolean inPublic = vk.visibility.inputPublic(), outPublic = vk.visibility.outputPublic();
        checkStatement(vk, x, y);
        FieldReader in = new FieldReader(proof);
        ZkTableaux tab = ZkTableaux.of(vk);
        ZkSink[] made = new ZkSink[1]; // made once the pad count is read
        ZkRun run = zkRun(vk, publicPart(inPublic, x), publicPart(outPublic, y), in, count -> made[0] = new ZkSink(tab.pads, tab.products, count, null));
        ZkSink sink = made[0];
        io.zkml4j.pcs.LigeroCommitment products = io.zkml4j.pcs.LigeroCommitment.readHidingOnce(in, "product commitment");
        if (products.numVars() != ZkSink.tableVars(sink.productVariables())) throw new VerificationException("product commitment of 2^" + products.numVars() + " entries for "
                + sink.productVariables() + " product variables");
        products.absorbInto(run.t);
        List<io.zkml4j.pcs.LigeroCommitment> cms = new ArrayList<>(run.commitments);
        cms.add(products);
        io.zkml4j.pcs.LigeroConstraints zkc = new io.zkml4j.pcs.LigeroConstraints(hiding);
        io.zkml4j.pcs.ConstraintProof cp = io.zkml4j.pcs.ConstraintProof.readFrom(in, hiding.params(), cms, sink.products.size());
        io.zkml4j.pcs.PcsProof opening = run.publicClaims.isEmpty() ? null : vk.pcs.readProof(in, List.of(vk.constants), run.publicClaims);
        in.finish("zero-knowledge model proof");
        if (programmed == null) zkc.verify(cms, run.constraints, sink.products, cp, run.t);
        else zkc.check(cms, run.constraints, sink.products, cp, programmed);
        if (opening != null) vk.pcs.verify(List.of(vk.constants), run.publicClaims, opening, run.t);
    }

    /** The verifier's statement for the constraint proof after a zero-knowledge proof's messages: its constraints and products. */
    record ZkStatement(int pads, List<io.zkml4j.pcs.LinearConstraint> constraints, List<io.zkml4j.pcs.Product> products, int productVariables) {}

    /** Test view (the whole-proof simulator's): the verifier's symbolic run over a proof's header and messages. */
    static ZkStatement zkStatement(VerifyingKey vk, long[] x, long[] y, FieldReader in) {
        ZkSink[] made = new ZkSink[1];
        ZkRun run = zkRun(vk, x, y, in, made);
        return new ZkStatement(made[0].received.size(), run.constraints, made[0].products, made[0].productVariables());
    }


    /** A verification of a proof (the seam below). */
    interface Verification {
        void verify(VerifyingKey vk, long[] x, long[] y, byte[] proof);
    }

    /**
     * Test seam: how {@link #verify(VerifyingKey, long[], long[], byte[])} runs; the concrete verifier unless a test
     * installs one that also runs the symbolic verifier and compares the verdicts.
     */
    static volatile Verification verification = (vk, x, y, proof) -> verify(vk, x, y, proof, null);

    /**
     * As {@link #verify(VerifyingKey, long[], long[], byte[])}, on symbolic values over {@code sink} (null: concrete):
     * the nodes' and the padding check's received values are the sink's forms, their checks its deferred constraints
     * (docs/zero-knowledge.md), and so are the lookups' LogUp-GKR and the claim batching's reduction (core's symbolic
     * verifiers). Still concrete: the opening, which takes each claim's value with every pad zero ({@link Val#padsZero}).
     */
    static void verify(VerifyingKey vk, long[] x, long[] y, byte[] proof, SymSink sink) {
        Circuit c = vk.circuit;
        boolean inPublic = vk.visibility.inputPublic(), outPublic = vk.visibility.outputPublic();
        checkStatement(vk, x, y);
        long[][] pub = publicVectors(vk, x, y);
        Transcript t = statement(vk, publicPart(inPublic, x), publicPart(outPublic, y));
        FieldReader in = new FieldReader(proof);
        int version = in.u8("proof format version");
        if (version != FORMAT_VERSION) throw new io.zkml4j.field.codec.ProofFormatException("proof format version " + version + " (expected " + FORMAT_VERSION + ")");
        PcsCommitment advice = null;
        if (c.adviceVars >= 0) {
            advice = vk.pcs.readCommitment(in);
            if (advice.numVars() != c.adviceVars) throw new VerificationException("advice commitment of 2^" + advice.numVars() + " entries, the key needs 2^" + c.adviceVars);
            advice.absorbInto(t);
        }
        VerifierCtx v = new VerifierCtx(c, t, in, pub, sink);
        messages(vk, v, in, t, sink);
        List<PcsCommitment> cms = new ArrayList<>();
        if (vk.constants != null) cms.add(vk.constants);
        if (advice != null) cms.add(advice);
        List<EvalClaim> claims = ClaimBatch.evalClaims(v, c, v.claims, null);
        if (!claims.isEmpty()) {
            io.zkml4j.pcs.PcsProof pp = vk.pcs.readProof(in, cms, claims);
            in.finish("model proof");
            vk.pcs.verify(cms, claims, pp, t);
        } else {
            in.finish("model proof");
        }
    }

    /**
     * The verifier's side of the messages (nodes, input bounds, lookups, padding check), concrete or over {@code sink};
     * then the key's claim from its constants' padding proof joins the claims.
     */
    private static void messages(VerifyingKey vk, VerifierCtx v, FieldReader in, Transcript t, SymSink sink) {
        Circuit c = vk.circuit;
        nodesAndBounds(c, v, ProveProgress.NONE);
        if (c.rangeRegion != null) {
            Table table = c.rangeTable();
            LookupShape shape = new LookupShape(c.rangeRegion.vars, 1);
            Looked lc = Looked.verify(table, shape, LookupProof.readFrom(in, table, shape), t, sink);
            v.check(lc.col0(), widthEval(c, lc.valuesPoint()), "range lookup: the claimed widths are not the limbs' widths");
            rangeClaims(c, lc, v.claims);
        }
        for (Map.Entry<TableRule, Vec[]> e : c.ruleRegions.entrySet()) {
            FunctionTable table = Circuit.functionTable(e.getKey());
            LookupShape shape = new LookupShape(e.getValue()[0].vars, 1);
            Looked lc = Looked.verify(table, shape, LookupProof.readFrom(in, table, shape), t, sink);
            ruleClaims(c, e.getKey(), e.getValue(), lc, v.claims);
        }
        PaddingCheck.run(v, null);
        ConstantsPadding.perProof(v, vk, null);
    }

    /** Both sides: each node's interactive part, last node first, then the input bounds. */
    private static void nodesAndBounds(Circuit c, Side s, ProveProgress progress) {
        int total = progressSteps(c);
        for (int i = c.nodes.size() - 1; i >= 0; i--) {
            NodeSpec n = c.nodes.get(i);
            s.node = n;
            OpProofs.of(n).run(n, c.decls.get(i), s);
            progress.step(n.name, c.nodes.size() - i + 1, total);
        }
        s.node = null;
        InputBounds.run(s);
    }

    /** The prover's progress steps: the witness, the commitment, each node, the lookups, the padding check. */
    private static int progressSteps(Circuit c) {
        return c.nodes.size() + 4;
    }

    /**
     * The prover's messages after the commitments, in both modes (the verifier's side: {@link #messages}, then
     * {@link ClaimBatch}): each node's interactive part, the input bounds, the lookups, the padding check, then the
     * claims on the committed tables reduced per table. {@code pads} null: in the clear; else every message masked
     * (pads without values: the counting pass).
     */
    private static List<ClaimBatch.Reduced> proverMessages(ProvingKey pk, Witness w, LookupWitness rangeW, List<LookupWitness> fnW, long[] adviceTable, Transcript t,
            FieldWriter out, ProverCtx.Pads pads, Cheat cheat, ProveProgress progress) {
        Circuit c = pk.vk.circuit;
        int total = progressSteps(c);
        ProverCtx p = new ProverCtx(c, w, t, out);
        p.cheat = cheat;
        p.pads = pads;
        nodesAndBounds(c, p, progress);
        if (rangeW != null) {
            LookupProverOutput lo = LookupProver.prove(rangeW, t, pads);
            lo.proof().writeTo(out);
            rangeClaims(c, Looked.of(lo.claims()), p.claims);
        }
        int j = 0;
        for (Map.Entry<TableRule, Vec[]> e : c.ruleRegions.entrySet()) {
            LookupProverOutput lo = LookupProver.prove(fnW.get(j++), t, pads);
            lo.proof().writeTo(out);
            ruleClaims(c, e.getKey(), e.getValue(), Looked.of(lo.claims()), p.claims);
        }
        progress.step("lookups", total - 2, total);
        PaddingCheck.run(p, adviceTable);
        ConstantsPadding.perProof(p, pk.vk, pk.constTable);
        progress.step("padding", total - 1, total);
        long[][] tables = pk.constData != null ? new long[][] {pk.constTable, adviceTable} : new long[][] {adviceTable};
        return ClaimBatch.reduce(p, c, p.claims, tables);
    }

    /** The advice table to commit: the proven one, or a cheat's. */
    private static long[] committed(long[] adviceTable, Cheat cheat) {
        return cheat == null ? adviceTable : cheat.advice(adviceTable.clone());
    }

    /** The public vectors (the key's public input and output) in the padded layout. */
    private static long[][] publicVectors(VerifyingKey vk, long[] x, long[] y) {
        long[][] pub = new long[vk.circuit.vecs.size()][];
        List<VerifyingKey.Io> ins = vk.inputs(), outs = vk.outputs();
        if (vk.visibility.inputPublic()) for (int i = 0; i < ins.size(); i++) pub[vk.inputs[i]] = Padding.pad(ins.get(i).of(x), ins.get(i).shape());
        if (vk.visibility.outputPublic()) for (int j = 0; j < outs.size(); j++) pub[vk.outputs[j]] = Padding.pad(outs.get(j).of(y), outs.get(j).shape());
        return pub;
    }

    /** The advice table: every vector committed per proof at its offset. */
    private static long[] adviceTable(Circuit c, Witness w) {
        long[] table = new long[1 << c.adviceVars];
        for (Vec v : c.vecs) {
            if (!v.committedPerProof()) continue;
            long[] p = w.padded(v.id);
            System.arraycopy(p, 0, table, (int) v.offset, p.length);
        }
        return table;
    }

    private static int indexOf(int[] ids, int id) {
        for (int i = 0; i < ids.length; i++) if (ids[i] == id) return i;
        throw new IllegalStateException("internal: tensor " + id + " is not public");
    }

    /** The statement as the key declares it: no values for a private input or output, the public ones checked (lengths, range, BOOL inputs). */
    private static void checkStatement(VerifyingKey vk, long[] x, long[] y) {
        boolean inPublic = vk.visibility.inputPublic(), outPublic = vk.visibility.outputPublic();
        List<VerifyingKey.Io> ins = vk.inputs();
        if (!inPublic && x != null && x.length > 0) throw new VerificationException("the key declares the input private: the verifier is given no input values");
        if (!outPublic && y != null && y.length > 0) throw new VerificationException("the key declares the output private: the verifier is given no output values");
        if (inPublic) {
            checkPublic(vk, "input", x, vk.inputLength());
            for (int i = 0; i < ins.size(); i++) {
                if (!vk.circuit.vec(vk.inputs[i]).bits) continue;
                long[] xi = ins.get(i).of(x);
                for (int k = 0; k < xi.length; k++) {
                    if (xi[k] != 0 && xi[k] != 1) throw new VerificationException("public input '" + ins.get(i).name() + "' is BOOL: value " + k + " = " + xi[k] + " is not 0 or 1");
                }
            }
        }
        if (outPublic) checkPublic(vk, "output", y, vk.outputLength());
    }

    /** The concatenated public values: the key's length, each within the range budget. */
    private static void checkPublic(VerifyingKey vk, String what, long[] v, int len) {
        if (v == null || v.length != len) throw new VerificationException("public " + what + " has " + (v == null ? 0 : v.length) + " values, the key expects " + len);
        long bound = 1L << (vk.rangeBits - 1);
        for (int i = 0; i < v.length; i++) {
            if (v[i] <= -bound || v[i] >= bound) throw new VerificationException("public " + what + " value " + i + " out of range |v| < 2^" + (vk.rangeBits - 1));
        }
    }

    /** A lookup's claims (one segment of two columns) as the graph protocol uses them: public points, values as Val. */
    private record Looked(GoldilocksExt2[] valuesPoint, Val col0, Val col1, GoldilocksExt2[] multiplicitiesPoint, Val multiplicities) {
        static Looked of(LookupClaims lc) {
            return new Looked(lc.valuesPoint(), Val.of(lc.value(0, 0)), Val.of(lc.value(0, 1)), lc.multiplicitiesPoint(), Val.of(lc.multiplicities()));
        }

        /** The verifier's: concrete without a sink, else core's symbolic LogUp-GKR verifier's forms. */
        static Looked verify(Table table, LookupShape shape, LookupProof proof, Transcript t, SymSink sink) {
            if (sink == null) return of(LookupVerifier.verify(table, shape, proof, t));
            SymLookupClaims lc = SymLookupVerifier.verify(table, shape, proof, t, sink);
            return new Looked(lc.valuesPoint(), Val.symbolic(lc.value(0, 0), sink), Val.symbolic(lc.value(0, 1), sink), lc.multiplicitiesPoint(),
                    Val.symbolic(lc.multiplicities(), sink));
        }
    }

    private static void rangeClaims(Circuit c, Looked lc, List<Claim> claims) {
        claims.add(new Claim(c.rangeRegion.id, lc.valuesPoint(), lc.col1()));
        claims.add(new Claim(c.rangeMultiplicities, lc.multiplicitiesPoint(), lc.multiplicities()));
    }

    private static void ruleClaims(Circuit c, TableRule rule, Vec[] ab, Looked lc, List<Claim> claims) {
        GoldilocksExt2[] rho = lc.valuesPoint();
        claims.add(new Claim(ab[0].id, rho, lc.col0()));
        GoldilocksExt2 pad = padEval(c, ab[1], rho);
        claims.add(new Claim(ab[1].id, rho, lc.col1().sub(pad.mulBase(Goldilocks.fromSigned(rule.entry(0))))));
        claims.add(new Claim(c.ruleMultiplicities.get(rule), lc.multiplicitiesPoint(), lc.multiplicities()));
    }

    /**
     * The width each row of the range region is looked up with: its limb's on the limb's real entries, 0 on its padded
     * entries and on rows no limb holds. Width 0 admits only 0, so the lookup itself proves every limb's padding zero.
     */
    private static long[] widthColumn(Circuit c) {
        return realColumn(c, c.rangeRegion, m -> c.limbWidths.get(m.id));
    }

    /** The MLE of {@link #widthColumn} at rho, in O(limbs * vars). */
    static GoldilocksExt2 widthEval(Circuit c, GoldilocksExt2[] rho) {
        return realEval(c, c.rangeRegion, rho, m -> c.limbWidths.get(m.id));
    }

    /** 1 on the rows of a region that hold no real entry of a member vector, else 0. */
    private static long[] padColumn(Circuit c, Vec region) {
        long[] pad = realColumn(c, region, m -> 1);
        for (int i = 0; i < pad.length; i++) pad[i] = 1 - pad[i];
        return pad;
    }

    /** The MLE of {@link #padColumn} at rho, in O(members * vars). */
    static GoldilocksExt2 padEval(Circuit c, Vec region, GoldilocksExt2[] rho) {
        return GoldilocksExt2.ONE.sub(realEval(c, region, rho, m -> 1));
    }

    /** Per row of a region: weight(m) on each member m's real entries, 0 on their padding and on rows no member holds. */
    private static long[] realColumn(Circuit c, Vec region, java.util.function.ToLongFunction<Vec> weight) {
        long[] col = new long[region.paddedSize()];
        for (Vec m : c.members(region)) {
            int base = (int) (m.offset - region.offset);
            long w = weight.applyAsLong(m);
            for (int i : Padding.paddedIndices(m.shape)) col[base + i] = w;
        }
        return col;
    }

    /** The MLE of {@link #realColumn} at rho: per member, its block's selector times its real-entry indicator, weighted. */
    private static GoldilocksExt2 realEval(Circuit c, Vec region, GoldilocksExt2[] rho, java.util.function.ToLongFunction<Vec> weight) {
        GoldilocksExt2 acc = GoldilocksExt2.ZERO;
        for (Vec m : c.members(region)) {
            long rel = (m.offset - region.offset) >>> m.vars; // m's block: rho's variables above m's are fixed to its bits
            GoldilocksExt2 sel = Eq.eval(Padding.slice(rho, m.vars, region.vars - m.vars), Padding.bits(rel, region.vars - m.vars));
            acc = acc.add(sel.mul(Padding.realIndicator(m.shape, rho)).mulBase(weight.applyAsLong(m)));
        }
        return acc;
    }
}
