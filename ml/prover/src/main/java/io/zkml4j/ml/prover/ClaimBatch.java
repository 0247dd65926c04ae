package io.zkml4j.ml.prover;

import io.zkml4j.field.GoldilocksExt2;
import io.zkml4j.pcs.EvalClaim;
import io.zkml4j.sumcheck.ClaimReduction;
import io.zkml4j.sumcheck.SlotClaim;
import io.zkml4j.sumcheck.SumcheckProof;
import io.zkml4j.sumcheck.SymSink;
import io.zkml4j.sumcheck.SymSlotClaim;

import java.util.ArrayList;
import java.util.List;

/**
 * Every evaluation claim the nodes, lookups and padding check leave on the advice table, reduced to a single claim by
 * core/sumcheck's {@link ClaimReduction} (one degree-2 sumcheck, error (K - 1 + 2n) / |F_ext|) before the opening, so the
 * opening carries one evaluation row for it instead of one per claim (a transformer's proof made thousands of rows,
 * hundreds of megabytes). The constants' claims are reduced only over a block of the constant table small enough to
 * pay for itself ({@link #constantBlock}); the rest stay one row each. A zero-knowledge proof runs the same reduction in
 * its encrypted transcript (hidden claim values, masked rounds and f(s)); what is left becomes evaluation terms of its
 * constraint proof, one per table instead of one per claim (each costs the prover a pass over the tensor's rows and an
 * NTT product, the verifier O(log C) per opened column).
 */
final class ClaimBatch {
    private ClaimBatch() {}

    /**
     * A claim left for the tables' proof: value of table {@code index} (the commitments' order: the constants first when
     * the key has them, then the advice; a zero-knowledge proof's tableaux start the same way) at {@code point}, a
     * {@link Val} (a form on a zero-knowledge verifier: its evaluation term's right-hand side).
     */
    record Reduced(int index, GoldilocksExt2[] point, Val value) {
        /** The claim for the validity opening (a symbolic value with every pad zero: {@link Val#padsZero}). */
        EvalClaim evalClaim() {
            return new EvalClaim(index, point, value.padsZero());
        }
    }

    /** {@link #reduce} as the validity opening's claims. */
    static List<EvalClaim> evalClaims(Side s, Circuit c, List<Claim> claims, long[][] tables) {
        return reduce(s, c, claims, tables).stream().map(Reduced::evalClaim).toList();
    }

    /**
     * Both sides: the claims per table, each table's reduced to one; in zero-knowledge mode (the prover's pads set, the
     * verifier's sink symbolic) in the encrypted transcript, every round and the reduced value masked. {@code tables}:
     * the prover's tables by index (null on the verifier's side).
     */
    static List<Reduced> reduce(Side s, Circuit c, List<Claim> claims, long[][] tables) {
        int constIndex = c.constVars >= 0 ? 0 : -1, adviceIndex = c.constVars >= 0 ? 1 : 0;
        List<List<Claim>> byTable = List.of(new ArrayList<>(), new ArrayList<>());
        for (Claim cl : claims) {
            Vec v = c.vec(cl.vec());
            if (v.isPublic()) throw new IllegalStateException("internal: claim on public " + v);
            byTable.get(Circuit.tableOf(v)).add(cl);
        }
        List<Reduced> r = new ArrayList<>();
        for (int table = 0; table < 2; table++) {
            List<Claim> group = byTable.get(table);
            if (group.isEmpty()) continue;
            int index = table == 0 ? constIndex : adviceIndex;
            // the advice table's claims are reduced over the whole table (when there are two or more), the constants'
            // over the block that pays for itself; a claim outside the block is opened as its own row
            int[] block;
            if (table == 0) {
                List<Vec> claimed = new ArrayList<>();
                for (Claim cl : group) claimed.add(c.vec(cl.vec()));
                block = constantBlock(c, claimed);
            } else {
                block = group.size() > 1 ? new int[] {0, c.tableVars(table)} : null;
            }
            List<Claim> inside = new ArrayList<>();
            for (Claim cl : group) {
                if (block != null && inBlock(c.vec(cl.vec()), block)) inside.add(cl);
                else r.add(new Reduced(index, c.tablePoint(c.vec(cl.vec()), cl.point()), cl.value()));
            }
            if (!inside.isEmpty()) r.add(reduceBlock(s, c, index, inside, block, tables == null ? null : tables[index]));
        }
        return r;
    }

    /**
     * The block of the constant table whose claims are reduced, as {index, vars} (entries [index 2^vars, (index + 1)
     * 2^vars)), or null. A weight tensor's claim costs the opening one row of about sqrt(2^K) extension elements; a
     * reduction over a block of 2^b entries costs the prover O(2^b). Claims on the smaller tensors (placed last,
     * largest first) are reduced over the smallest aligned block holding them when they save at least that much:
     * (claims - 1) 2^(ceil(K/2) + 4) &gt;= 2^b. The largest such set of tensors (by a size threshold) is taken;
     * both sides derive it from the key and the claims' vectors alone.
     */
    static int[] constantBlock(Circuit c, List<Vec> claimed) {
        int k = c.constVars;
        for (int t = k; t >= 1; t--) {
            int count = 0;
            long lo = Long.MAX_VALUE, hi = 0;
            for (Vec v : claimed) {
                if (v.vars > t) continue;
                count++;
                lo = Math.min(lo, v.offset);
                hi = Math.max(hi, v.offset + v.paddedSize());
            }
            if (count < 2) return null;
            int b = 1;
            while ((lo >>> b) != ((hi - 1) >>> b)) b++;
            if ((long) (count - 1) << ((k + 1) / 2 + 4) >= 1L << b) return new int[] {(int) (lo >>> b), b};
        }
        return null;
    }

    static boolean inBlock(Vec v, int[] block) {
        return v.vars <= block[1] && (v.offset >>> block[1]) == block[0];
    }

    /** The claims (all on vectors inside the block {index, vars} of their table) reduced to one claim on the table. */
    private static Reduced reduceBlock(Side s, Circuit c, int index, List<Claim> group, int[] block, long[] table) {
        int n = block[1];
        int tableVars = c.tableVars(Circuit.tableOf(c.vec(group.get(0).vec())));
        long base = (long) block[0] << n;
        SymSink sink = s instanceof VerifierCtx vc ? vc.sink : null;
        List<SlotClaim> slots = new ArrayList<>();
        List<SymSlotClaim> symSlots = new ArrayList<>();
        for (Claim cl : group) {
            Vec v = c.vec(cl.vec());
            long slot = (v.offset - base) >>> v.vars;
            if (sink != null) symSlots.add(new SymSlotClaim(cl.point(), slot, cl.value().form()));
            else slots.add(new SlotClaim(cl.point(), slot, cl.value().concrete()));
        }
        long[] values = table == null ? null : n == tableVars ? table : java.util.Arrays.copyOfRange(table, (int) base, (int) (base + (1L << n)));
        GoldilocksExt2[] point;
        Val value;
        if (s instanceof ProverCtx p) {
            // the sum is batched inside (after alpha): a cheat's adversary is given null, the honest sum
            ClaimReduction.Output o = p.underCheat(null, () -> p.pads == null ? ClaimReduction.proveAsClaimed(values, slots, p.t)
                    : ClaimReduction.proveEncrypted(values, slots, p.t, p.pads));
            o.proof().writeTo(p.out);
            p.out.ext(o.sentValue());
            point = o.point();
            value = Val.of(o.value());
        } else {
            VerifierCtx v = (VerifierCtx) s;
            SumcheckProof proof = SumcheckProof.readFrom(v.in, n, ClaimReduction.DEGREE);
            GoldilocksExt2 sent = v.in.ext("claims.table");
            if (sink == null) {
                point = ClaimReduction.verify(n, slots, proof, sent, v.t);
                value = Val.of(sent);
            } else { // the reduced value is received: e + its pad
                io.zkml4j.sumcheck.SymClaim reduced = ClaimReduction.verify(n, symSlots, proof, sent, v.t, sink);
                point = reduced.point();
                value = Val.symbolic(reduced.value(), sink);
            }
        }
        return new Reduced(index, Padding.concat(point, Padding.bits(block[0], tableVars - n)), value);
    }
}
