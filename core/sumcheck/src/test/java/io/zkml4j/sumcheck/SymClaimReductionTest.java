package io.zkml4j.sumcheck;

import static io.zkml4j.sumcheck.Fixtures.DOMAIN;
import static io.zkml4j.sumcheck.Fixtures.plusOne;
import static io.zkml4j.sumcheck.SymSumcheckVerifierTest.assertRejected;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;

import io.zkml4j.field.GoldilocksExt2;
import io.zkml4j.poly.Mle;
import io.zkml4j.transcript.Transcript;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.SplittableRandom;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.IntRange;
import org.junit.jupiter.api.Test;

/**
 * The symbolic {@link ClaimReduction} verifier under {@link ZeroPads} decides exactly as the concrete one: the same
 * point s and value f(s), or the same rejection, on honest reductions and on cheats (a false claim proven as claimed,
 * a claim moved to another slot, a changed round value, a wrong final value, a wrong round count, misfit claims). The
 * claims' values are given public or received: both bind alike.
 */
class SymClaimReductionTest {
    record Case(int n, List<SlotClaim> claims, SumcheckProof proof, GoldilocksExt2 value) {}

    static SymSumcheckVerifierTest.Decision concrete(Case c) {
        return SymSumcheckVerifierTest.Decision.of(() -> {
            GoldilocksExt2[] s = ClaimReduction.verify(c.n, c.claims, c.proof, c.value, new Transcript(DOMAIN));
            return new SymSumcheckVerifierTest.Decision(s, c.value, null);
        });
    }

    static SymSumcheckVerifierTest.Decision symbolic(Case c, boolean received) {
        return SymSumcheckVerifierTest.Decision.of(() -> {
            ZeroPads sink = new ZeroPads();
            List<SymSlotClaim> cs = new ArrayList<>();
            for (SlotClaim k : c.claims) cs.add(new SymSlotClaim(k.point(), k.slot(), received ? sink.receive(k.value()) : Sym.known(k.value())));
            SymClaim s = ClaimReduction.verify(c.n, cs, c.proof, c.value, new Transcript(DOMAIN), sink);
            return new SymSumcheckVerifierTest.Decision(s.point(), s.value().constant(), null);
        });
    }

    static SymSumcheckVerifierTest.Decision agree(Case c) {
        SymSumcheckVerifierTest.Decision d = concrete(c);
        for (boolean received : new boolean[] {false, true}) d.assertSame(symbolic(c, received));
        return d;
    }

    /** Proves the claims as claimed (true or not) and returns the case. */
    static Case proven(int n, long[] table, List<SlotClaim> claims) {
        ClaimReduction.Output out = ClaimReduction.proveAsClaimed(table, claims, new Transcript(DOMAIN));
        return new Case(n, claims, out.proof(), out.value());
    }

    @Property(tries = 30)
    void honestAndCheatingReductionsAreDecidedAlike(@ForAll long seed, @ForAll @IntRange(min = 1, max = 8) int n, @ForAll @IntRange(min = 1, max = 6) int count) {
        SplittableRandom r = new SplittableRandom(seed);
        long[] table = Fixtures.base(r, n);
        List<SlotClaim> claims = ClaimReductionTest.claims(r, table, n, count);
        Case honest = proven(n, table, claims);
        SymSumcheckVerifierTest.Decision ok = agree(honest);
        assertNull(ok.rejected());
        assertEquals(Mle.evaluate(table, ok.point()), ok.value());
        // a false claim, proven as claimed: the batched sum is wrong
        int k = r.nextInt(claims.size());
        SlotClaim c = claims.get(k);
        List<SlotClaim> wrong = new ArrayList<>(claims);
        wrong.set(k, new SlotClaim(c.point(), c.slot(), plusOne(c.value())));
        assertRejected(agree(proven(n, table, wrong)), "round 0");
        // the honest proof presented for the wrong claims, or for a claim moved to another slot
        assertRejected(agree(new Case(n, wrong, honest.proof, honest.value)), "round 0");
        if (c.numVars() < n) {
            List<SlotClaim> moved = new ArrayList<>(claims);
            moved.set(k, new SlotClaim(c.point(), c.slot() ^ 1, c.value()));
            assertRejected(agree(new Case(n, moved, honest.proof, honest.value)), "round 0");
        }
        // a wrong final value, a changed round value, a round too few
        assertRejected(agree(new Case(n, claims, honest.proof, plusOne(honest.value))), "f(s) g(s)");
        GoldilocksExt2[][] rounds = honest.proof.rounds();
        int i = r.nextInt(n), j = r.nextInt(ClaimReduction.DEGREE + 1);
        rounds[i][j] = plusOne(rounds[i][j]);
        SymSumcheckVerifierTest.Decision changed = agree(new Case(n, claims, new SumcheckProof(rounds), honest.value));
        assertRejected(changed, "claim");
        assertRejected(agree(new Case(n, claims, new SumcheckProof(Arrays.copyOf(honest.proof.rounds(), n - 1)), honest.value)), "rounds, expected");
    }

    @Test
    void misfitClaimsAndBadShapesAreRejectedAlike() {
        SplittableRandom r = new SplittableRandom(3);
        int n = 6;
        long[] table = Fixtures.base(r, n);
        Case honest = proven(n, table, ClaimReductionTest.claims(r, table, n, 3));
        assertRejected(agree(new Case(n, List.of(new SlotClaim(Fixtures.point(r, 3), 8, GoldilocksExt2.ZERO)), honest.proof, honest.value)), "beyond");
        assertRejected(agree(new Case(n, List.of(new SlotClaim(Fixtures.point(r, 7), 0, GoldilocksExt2.ZERO)), honest.proof, honest.value)), "coordinates");
        assertRejected(agree(new Case(n, List.of(), honest.proof, honest.value)), "no claims");
        assertRejected(agree(new Case(41, honest.claims, honest.proof, honest.value)), "41 variables");
        assertRejected(agree(new Case(n, honest.claims, honest.proof, null)), "missing final value");
        assertRejected(agree(new Case(n - 1, honest.claims, honest.proof, honest.value)), "");
    }

    /**
     * Group 16 (docs/mutation.md): the table-size guard's limits in both verifiers: a reduction over a table of one
     * entry (n = 0, no rounds) is accepted; n = 40 passes the guard (rejected later, by the proof's round count), -1 and
     * 41 do not. A null claim list or a null claim is rejected by the guard's own message, not by a null dereference.
     */
    @Test
    void theTableSizeLimitsAndNullClaimsAreDecidedByTheGuards() {
        SplittableRandom r = new SplittableRandom(5);
        long[] one = Fixtures.base(r, 0);
        Case single = proven(0, one, ClaimReductionTest.claims(r, one, 0, 2));
        SymSumcheckVerifierTest.Decision ok = agree(single);
        assertNull(ok.rejected());
        assertEquals(GoldilocksExt2.ofBase(one[0]), ok.value());
        int n = 6;
        long[] table = Fixtures.base(r, n);
        Case honest = proven(n, table, ClaimReductionTest.claims(r, table, n, 3));
        assertRejected(agree(new Case(40, honest.claims, honest.proof, honest.value)), "6 rounds, expected 40");
        assertRejected(agree(new Case(-1, honest.claims, honest.proof, honest.value)), "table of -1 variables");
        List<SlotClaim> withNull = new ArrayList<>(honest.claims);
        withNull.set(1, null);
        assertRejected(concrete(new Case(n, withNull, honest.proof, honest.value)), "claim 1 is null");
        assertRejected(concrete(new Case(n, null, honest.proof, honest.value)), "no claims");
        List<SymSlotClaim> symNull = new ArrayList<>();
        for (SlotClaim k : honest.claims) symNull.add(new SymSlotClaim(k.point(), k.slot(), Sym.known(k.value())));
        symNull.set(1, null);
        assertRejected(SymSumcheckVerifierTest.Decision.of(() -> {
            ClaimReduction.verify(n, symNull, honest.proof, honest.value, new Transcript(DOMAIN), new ZeroPads());
            return new SymSumcheckVerifierTest.Decision(null, null, null);
        }), "claim 1 is null");
        assertRejected(SymSumcheckVerifierTest.Decision.of(() -> {
            ClaimReduction.verify(n, (List<SymSlotClaim>) null, honest.proof, honest.value, new Transcript(DOMAIN), new ZeroPads());
            return new SymSumcheckVerifierTest.Decision(null, null, null);
        }), "no claims");
    }

    /**
     * The encrypted prover ({@link ClaimReduction#proveEncrypted}) against the symbolic verifier over a sink that knows
     * the pads: the claims' values are hidden (received masked, never absorbed), every round and f(s) go out masked.
     * Honest: accepted at the prover's point with f(s) the table's; a false claim proven as claimed, or a round or the
     * value changed after masking: rejected. The masked messages alone (every pad zero) do not pass.
     */
    @Property(tries = 20)
    void anEncryptedReductionIsAcceptedOverItsPadsAndItsCheatsAreNot(@ForAll long seed, @ForAll @IntRange(min = 1, max = 7) int n,
            @ForAll @IntRange(min = 1, max = 5) int count) {
        SplittableRandom r = new SplittableRandom(seed);
        long[] table = Fixtures.base(r, n);
        List<SlotClaim> claims = ClaimReductionTest.claims(r, table, n, count);
        int m = claims.size(); // at least two
        SymSumcheckVerifierTest.KnownPads prover = new SymSumcheckVerifierTest.KnownPads(seed);
        int[] next = {m}; // pads 0..m-1 mask the claims' values
        SumcheckTranscript.Encryption mask = g -> {
            for (int k = 0; k < g.length; k++) g[k] = g[k].sub(prover.pad(next[0]++));
            return g;
        };
        ClaimReduction.Output out = ClaimReduction.proveEncrypted(table, claims, new Transcript(DOMAIN), mask);
        assertEquals(n, out.proof().numRounds());
        assertEquals(Mle.evaluate(table, out.point()), out.value());
        assertEquals(out.value().sub(prover.pad(m + n * (ClaimReduction.DEGREE + 1))), out.sentValue());
        SymSumcheckVerifierTest.Decision ok = encrypted(n, claims, out.proof(), out.sentValue(), seed, new SymSumcheckVerifierTest.KnownPads(seed));
        assertNull(ok.rejected());
        assertArrayEquals(out.point(), ok.point());
        assertEquals(out.value(), ok.value());
        assertNotNull(encrypted(n, claims, out.proof(), out.sentValue(), seed, new ZeroPads()).rejected(), "the masked values alone do not pass");
        // a false claim proven as claimed (the sum is the table's): round 0
        int k = r.nextInt(m);
        List<SlotClaim> wrong = new ArrayList<>(claims);
        wrong.set(k, new SlotClaim(claims.get(k).point(), claims.get(k).slot(), plusOne(claims.get(k).value())));
        assertRejected(encrypted(n, wrong, out.proof(), out.sentValue(), seed, new SymSumcheckVerifierTest.KnownPads(seed)), "round 0");
        // a sent value changed: a round, or f(s)
        GoldilocksExt2[][] rounds = out.proof().rounds();
        int i = r.nextInt(n), j = r.nextInt(ClaimReduction.DEGREE + 1);
        rounds[i][j] = plusOne(rounds[i][j]);
        assertNotNull(encrypted(n, claims, new SumcheckProof(rounds), out.sentValue(), seed, new SymSumcheckVerifierTest.KnownPads(seed)).rejected());
        assertRejected(encrypted(n, claims, out.proof(), plusOne(out.sentValue()), seed, new SymSumcheckVerifierTest.KnownPads(seed)), "f(s) g(s)");
    }

    /**
     * The symbolic verifier over {@code sink}, each claim's value received masked (e = v - pad k of the prover's
     * {@code seed}: the first pads).
     */
    static SymSumcheckVerifierTest.Decision encrypted(int n, List<SlotClaim> claims, SumcheckProof proof, GoldilocksExt2 value, long seed, SymSink sink) {
        SymSumcheckVerifierTest.KnownPads masks = new SymSumcheckVerifierTest.KnownPads(seed);
        return SymSumcheckVerifierTest.Decision.of(() -> {
            List<SymSlotClaim> cs = new ArrayList<>();
            for (int k = 0; k < claims.size(); k++) {
                SlotClaim c = claims.get(k);
                cs.add(new SymSlotClaim(c.point(), c.slot(), sink.receive(c.value().sub(masks.pad(k)))));
            }
            SymClaim s = ClaimReduction.verify(n, cs, proof, value, new Transcript(DOMAIN), sink);
            return new SymSumcheckVerifierTest.Decision(s.point(), sink instanceof SymSumcheckVerifierTest.KnownPads kp ? s.value().evaluate(kp.values::get) : null, null);
        });
    }
}
