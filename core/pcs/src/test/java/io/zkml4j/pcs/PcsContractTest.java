package io.zkml4j.pcs;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import io.zkml4j.field.Goldilocks;
import io.zkml4j.field.GoldilocksExt2;
import io.zkml4j.field.codec.ProofFormatException;
import io.zkml4j.poly.Mle;
import io.zkml4j.transcript.Transcript;
import io.zkml4j.transcript.VerificationException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/**
 * The contract every {@link MultilinearPcs} passes: completeness on single and batched openings, and
 * rejection of false claims, other points, other commitments, diverged transcripts, mutated committed data
 * and altered proof bytes. An implementation's test class extends this and supplies {@link #pcs()}.
 */
abstract class PcsContractTest {
    static final String DOMAIN = "zkml4j.pcs.contract-test/v1";

    protected abstract MultilinearPcs pcs();

    /** Size (variables) of the table whose proof every byte of is flipped; keep the proof a few KB. */
    protected int byteFlipVars() {
        return 6;
    }

    final SplittableRandom rnd = new SplittableRandom(42);

    long[] table(int n) {
        long[] v = new long[1 << n];
        for (int i = 0; i < v.length; i++) v[i] = Goldilocks.reduce64(rnd.nextLong());
        return v;
    }

    GoldilocksExt2 ext() {
        return GoldilocksExt2.of(Goldilocks.reduce64(rnd.nextLong()), Goldilocks.reduce64(rnd.nextLong()));
    }

    GoldilocksExt2[] point(int n) {
        GoldilocksExt2[] p = new GoldilocksExt2[n];
        for (int i = 0; i < n; i++) p[i] = ext();
        return p;
    }

    static EvalClaim trueClaim(int vector, long[] table, GoldilocksExt2[] point) {
        return new EvalClaim(vector, point, Mle.evaluate(table, point));
    }

    /** The caller's side of a protocol: commitments absorbed when sent, then the opening. */
    Transcript transcript(List<? extends PcsCommitment> commitments) {
        Transcript t = new Transcript(DOMAIN);
        for (PcsCommitment c : commitments) c.absorbInto(t);
        return t;
    }

    static List<PcsCommitment> commitmentsOf(List<PcsProverData> data) {
        List<PcsCommitment> out = new ArrayList<>();
        for (PcsProverData d : data) out.add(d.commitment());
        return out;
    }

    /** A batched instance: tables, prover data and true claims. */
    final class Instance {
        final List<long[]> tables = new ArrayList<>();
        final List<PcsProverData> data = new ArrayList<>();
        final List<EvalClaim> claims = new ArrayList<>();

        Instance(int[] vars, int[] claimsPer) {
            for (int k = 0; k < vars.length; k++) {
                long[] t = table(vars[k]);
                tables.add(t);
                data.add(pcs().commit(t));
            }
            // Interleave claims across vectors to exercise ordering.
            for (int round = 0; ; round++) {
                boolean any = false;
                for (int k = 0; k < vars.length; k++) {
                    if (round < claimsPer[k]) {
                        claims.add(trueClaim(k, tables.get(k), point(vars[k])));
                        any = true;
                    }
                }
                if (!any) break;
            }
        }

        List<PcsCommitment> commitments() {
            return commitmentsOf(data);
        }

        PcsProof prove() {
            return pcs().open(data, claims, transcript(commitments()));
        }

        void verify(PcsProof proof) {
            pcs().verify(commitments(), claims, proof, transcript(commitments()));
        }
    }

    static void assertRejected(Runnable r, String what) {
        try {
            r.run();
        } catch (VerificationException | ProofFormatException e) {
            return;
        }
        fail("accepted: " + what);
    }

    // ---------------------------------------------------------------- completeness

    @Test
    void singleClaimVerifies() {
        for (int n : new int[] {1, 2, 3, 5, 8, 11}) {
            Instance in = new Instance(new int[] {n}, new int[] {1});
            in.verify(in.prove());
        }
    }

    @Test
    void batchedClaimsOnSeveralVectorsVerifyWithOneProof() {
        Instance in = new Instance(new int[] {3, 9, 1, 9}, new int[] {1, 3, 2, 1});
        PcsProof proof = in.prove();
        in.verify(proof);
        byte[] bytes = proof.toBytes();
        PcsProof decoded = pcs().proofFromBytes(bytes, in.commitments(), in.claims);
        assertArrayEquals(bytes, decoded.toBytes(), "decode/encode round trip is byte-identical");
        in.verify(decoded);
    }

    @Test
    void hypercubeAndBaseFieldPoints() {
        int n = 7;
        long[] t = table(n);
        PcsProverData d = pcs().commit(t);
        List<EvalClaim> claims = new ArrayList<>();
        for (int idx : new int[] {0, 1, 77, 127}) {
            GoldilocksExt2[] p = new GoldilocksExt2[n];
            for (int k = 0; k < n; k++) p[k] = ((idx >>> k) & 1) == 1 ? GoldilocksExt2.ONE : GoldilocksExt2.ZERO;
            claims.add(new EvalClaim(0, p, GoldilocksExt2.ofBase(t[idx])));
        }
        GoldilocksExt2[] base = new GoldilocksExt2[n];
        for (int k = 0; k < n; k++) base[k] = GoldilocksExt2.ofBase(Goldilocks.reduce64(rnd.nextLong()));
        claims.add(trueClaim(0, t, base));
        List<PcsCommitment> cs = List.of(d.commitment());
        PcsProof proof = pcs().open(List.of(d), claims, transcript(cs));
        pcs().verify(cs, claims, proof, transcript(cs));
    }

    @Test
    void commitmentRoundTrips() {
        PcsProverData d = pcs().commit(table(5));
        byte[] b = d.commitment().toBytes();
        PcsCommitment c = pcs().commitmentFromBytes(b);
        assertEquals(d.commitment(), c);
        assertArrayEquals(b, c.toBytes());
        assertThrows(ProofFormatException.class, () -> pcs().commitmentFromBytes(Arrays.copyOf(b, b.length + 1)));
        assertThrows(ProofFormatException.class, () -> pcs().commitmentFromBytes(Arrays.copyOf(b, b.length - 1)));
    }

    // ---------------------------------------------------------------- soundness

    @Test
    void wrongClaimedValueRejected() {
        Instance in = new Instance(new int[] {6, 4}, new int[] {2, 1});
        PcsProof proof = in.prove();
        for (int j = 0; j < in.claims.size(); j++) {
            for (GoldilocksExt2 delta : new GoldilocksExt2[] {GoldilocksExt2.ONE, GoldilocksExt2.of(0, 1)}) {
                List<EvalClaim> claims = new ArrayList<>(in.claims);
                EvalClaim c = claims.get(j);
                claims.set(j, new EvalClaim(c.vector, c.point(), c.value.add(delta)));
                assertRejected(() -> pcs().verify(in.commitments(), claims, proof, transcript(in.commitments())), "value of claim " + j + " changed");
            }
        }
    }

    @Test
    void proofForAnotherPointRejected() {
        Instance in = new Instance(new int[] {7}, new int[] {1});
        PcsProof proof = in.prove();
        EvalClaim c = in.claims.get(0);
        GoldilocksExt2[] other = c.point();
        other[3] = other[3].add(GoldilocksExt2.ONE);
        // The value is the true one at the other point: the statement is true, but the proof is for another.
        EvalClaim moved = trueClaim(0, in.tables.get(0), other);
        assertRejected(() -> pcs().verify(in.commitments(), List.of(moved), proof, transcript(in.commitments())), "proof replayed at another point");
    }

    @Test
    void wrongCommitmentRejected() {
        Instance in = new Instance(new int[] {6, 6}, new int[] {1, 1});
        PcsProof proof = in.prove();
        PcsProverData stranger = pcs().commit(table(6));
        List<PcsCommitment> swapped = new ArrayList<>(in.commitments());
        swapped.set(1, stranger.commitment());
        assertRejected(() -> pcs().verify(swapped, in.claims, proof, transcript(swapped)), "other commitment (transcript follows it)");
        assertRejected(() -> pcs().verify(swapped, in.claims, proof, transcript(in.commitments())), "other commitment (transcript of the original)");
        List<PcsCommitment> reversed = List.of(in.commitments().get(1), in.commitments().get(0));
        assertRejected(() -> pcs().verify(reversed, in.claims, proof, transcript(reversed)), "commitments reordered");
    }

    @Test
    void divergedTranscriptRejected() {
        Instance in = new Instance(new int[] {6}, new int[] {2});
        PcsProof proof = in.prove();
        Transcript extra = transcript(in.commitments());
        extra.absorbField("something the prover never absorbed", 1);
        assertRejected(() -> pcs().verify(in.commitments(), in.claims, proof, extra), "verifier transcript with an extra absorb");
        Transcript missing = new Transcript(DOMAIN); // the caller forgot to absorb the commitment
        assertRejected(() -> pcs().verify(in.commitments(), in.claims, proof, missing), "verifier transcript missing an absorb");
        Transcript otherDomain = new Transcript(DOMAIN + "x");
        for (PcsCommitment c : in.commitments()) c.absorbInto(otherDomain);
        assertRejected(() -> pcs().verify(in.commitments(), in.claims, proof, otherDomain), "other domain label");
        List<EvalClaim> swapped = List.of(in.claims.get(1), in.claims.get(0));
        assertRejected(() -> pcs().verify(in.commitments(), swapped, proof, transcript(in.commitments())), "claims reordered");
    }

    @Test
    void committedValueChangedAfterCommitRejected() {
        int n = 8;
        long[] t = table(n);
        PcsProverData d = pcs().commit(t);
        t[37] = Goldilocks.add(t[37], 1); // the prover's table no longer matches what was committed
        GoldilocksExt2[] p = point(n);
        List<EvalClaim> claims = List.of(trueClaim(0, t, p)); // true for the changed table only
        List<PcsCommitment> cs = List.of(d.commitment());
        PcsProof proof;
        try {
            proof = pcs().open(List.of(d), claims, transcript(cs));
        } catch (IllegalStateException e) {
            return; // an implementation may detect the change itself
        }
        PcsProof pr = proof;
        assertRejected(() -> pcs().verify(cs, claims, pr, transcript(cs)), "claim about a table other than the committed one");
    }

    @Test
    void claimShapeMismatchRejected() {
        Instance in = new Instance(new int[] {5}, new int[] {1});
        PcsProof proof = in.prove();
        List<EvalClaim> badVector = List.of(new EvalClaim(1, in.claims.get(0).point(), in.claims.get(0).value));
        assertThrows(VerificationException.class, () -> pcs().verify(in.commitments(), badVector, proof, transcript(in.commitments())));
        List<EvalClaim> shortPoint = List.of(new EvalClaim(0, Arrays.copyOf(in.claims.get(0).point(), 4), in.claims.get(0).value));
        assertThrows(VerificationException.class, () -> pcs().verify(in.commitments(), shortPoint, proof, transcript(in.commitments())));
        assertThrows(ProofFormatException.class, () -> pcs().proofFromBytes(proof.toBytes(), in.commitments(), shortPoint));
        List<EvalClaim> twoClaims = List.of(in.claims.get(0), in.claims.get(0));
        assertRejected(() -> pcs().verify(in.commitments(), twoClaims, pcs().proofFromBytes(proof.toBytes(), in.commitments(), twoClaims),
                transcript(in.commitments())), "proof decoded with another claim count");
    }

    @Test
    void everySingleByteFlipRejected() {
        Instance in = new Instance(new int[] {byteFlipVars(), 2}, new int[] {2, 1});
        byte[] bytes = in.prove().toBytes();
        in.verify(pcs().proofFromBytes(bytes, in.commitments(), in.claims));
        for (int i = 0; i < bytes.length; i++) {
            byte[] b = bytes.clone();
            b[i] ^= (byte) (1 << (i % 8));
            int pos = i;
            assertRejected(() -> in.verify(pcs().proofFromBytes(b, in.commitments(), in.claims)), "bit flip at byte " + pos + " of " + bytes.length);
        }
    }

    /** Size of a wider table whose proof has Merkle siblings; its bytes are flipped at a dense sample of positions. */
    protected int sampledFlipVars() {
        return 12;
    }

    @Test
    void denseSampleOfByteFlipsOnAWiderProofRejected() {
        Instance in = new Instance(new int[] {sampledFlipVars()}, new int[] {1});
        byte[] bytes = in.prove().toBytes();
        in.verify(pcs().proofFromBytes(bytes, in.commitments(), in.claims));
        int samples = 1500;
        for (int k = 0; k < samples; k++) {
            int i = (int) ((long) k * bytes.length / samples) + (k % 7); // spread over every section, varying alignment
            if (i >= bytes.length) continue;
            byte[] b = bytes.clone();
            b[i] ^= (byte) (0x80 >>> (k % 8));
            int pos = i;
            assertRejected(() -> in.verify(pcs().proofFromBytes(b, in.commitments(), in.claims)), "bit flip at byte " + pos + " of " + bytes.length);
        }
        // and the last bytes (the end of the Merkle data)
        for (int i = bytes.length - 64; i < bytes.length; i++) {
            byte[] b = bytes.clone();
            b[i] ^= 1;
            int pos = i;
            assertRejected(() -> in.verify(pcs().proofFromBytes(b, in.commitments(), in.claims)), "bit flip at byte " + pos);
        }
    }

    @Test
    void truncatedAndExtendedBytesRejected() {
        Instance in = new Instance(new int[] {5}, new int[] {1});
        byte[] bytes = in.prove().toBytes();
        for (int cut : new int[] {1, 7, 8, 32, bytes.length / 2, bytes.length - 1}) {
            byte[] b = Arrays.copyOf(bytes, bytes.length - cut);
            assertThrows(ProofFormatException.class, () -> pcs().proofFromBytes(b, in.commitments(), in.claims), "cut " + cut);
        }
        for (int extra : new int[] {1, 8, 32}) {
            byte[] b = Arrays.copyOf(bytes, bytes.length + extra);
            assertThrows(ProofFormatException.class, () -> pcs().proofFromBytes(b, in.commitments(), in.claims), "extra " + extra);
        }
        byte[] wrongVersion = bytes.clone();
        wrongVersion[0] ^= 0x7F;
        assertThrows(ProofFormatException.class, () -> pcs().proofFromBytes(wrongVersion, in.commitments(), in.claims));
    }

    @Test
    void nonCanonicalFieldEncodingRejected() {
        Instance in = new Instance(new int[] {4}, new int[] {1});
        byte[] bytes = in.prove().toBytes();
        // Overwrite the first field element after the version byte with p (its non-canonical alias of 0).
        byte[] b = bytes.clone();
        for (int i = 0; i < 8; i++) b[1 + i] = (byte) (Goldilocks.P >>> (8 * i));
        assertThrows(ProofFormatException.class, () -> pcs().proofFromBytes(b, in.commitments(), in.claims));
        assertTrue(bytes.length > 9);
    }

    // ---------------------------------------------------------------- the scheme seen through the interface

    @Test
    void theSchemeRoundTripsThroughItsEncodingAndVerifiesWhatTheOriginalProved() {
        io.zkml4j.field.codec.FieldWriter w = new io.zkml4j.field.codec.FieldWriter();
        pcs().writeScheme(w);
        MultilinearPcs back = PcsSchemes.read(new io.zkml4j.field.codec.FieldReader(w.toByteArray()));
        assertEquals(pcs().describe(), back.describe());
        Instance in = new Instance(new int[] {5, 3}, new int[] {2, 1});
        PcsProof proof = in.prove();
        back.verify(in.commitments(), in.claims, back.proofFromBytes(proof.toBytes(), in.commitments(), in.claims), transcript(in.commitments()));
        byte[] unknown = w.toByteArray();
        unknown[0] = (byte) 0xEE;
        assertThrows(ProofFormatException.class, () -> PcsSchemes.read(new io.zkml4j.field.codec.FieldReader(unknown)));
    }

    /** A commitment and a proof of no scheme at all: what a caller mixing schemes would hand over. */
    static final class Foreign implements PcsCommitment, PcsProof {
        final int vars;

        Foreign(int vars) {
            this.vars = vars;
        }

        public int numVars() {
            return vars;
        }

        public void absorbInto(Transcript t) {}

        public void writeTo(io.zkml4j.field.codec.FieldWriter w) {}

        public byte[] toBytes() {
            return new byte[] {1};
        }
    }

    @Test
    void valuesOfAnotherSchemeAreRefusedNotMisread() {
        Instance in = new Instance(new int[] {4}, new int[] {1});
        PcsProof proof = in.prove();
        List<PcsCommitment> foreign = List.of(new Foreign(4));
        assertThrows(VerificationException.class, () -> pcs().verify(foreign, in.claims, proof, transcript(foreign)));
        assertThrows(VerificationException.class, () -> pcs().verify(in.commitments(), in.claims, new Foreign(4), transcript(in.commitments())));
        assertThrows(ProofFormatException.class, () -> pcs().proofFromBytes(proof.toBytes(), foreign, in.claims));
        assertThrows(IllegalArgumentException.class, () -> pcs().open(List.of(() -> new Foreign(4)), in.claims, transcript(foreign)));
    }
}
