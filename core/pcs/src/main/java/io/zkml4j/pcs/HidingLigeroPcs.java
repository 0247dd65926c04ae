package io.zkml4j.pcs;

import io.zkml4j.field.Goldilocks;
import io.zkml4j.field.GoldilocksExt2;
import io.zkml4j.field.Ntt;
import io.zkml4j.field.codec.FieldReader;
import io.zkml4j.field.codec.FieldWriter;
import io.zkml4j.field.codec.ProofFormatException;
import io.zkml4j.hash.Hash;
import io.zkml4j.hash.Hashes;
import io.zkml4j.hash.MerkleTree;
import io.zkml4j.poly.Eq;
import io.zkml4j.poly.ExtVec;
import io.zkml4j.transcript.Transcript;
import io.zkml4j.transcript.VerificationException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.function.Consumer;
import java.util.stream.IntStream;

/**
 * Hiding Ligero multilinear commitment: what {@link LigeroPcs} proves, while the commitment and the opening reveal
 * nothing about the table beyond the claimed values (honest-verifier zero knowledge, random-oracle model; layout,
 * soundness and the hiding argument in {@link HidingLigeroParams}; design in docs/zero-knowledge.md).
 *
 * <p>Commit (randomness from the {@link Blinding} passed in, refused if {@link Blinding#NONE}): row i of the R x C
 * table becomes the coefficient vector [M_i | h random base-field coefficients], followed by six mask rows of K
 * coefficients (the evaluation mask D = Dlo + X^C Dhi with coeff_(C-1)(Dlo) = 0, and the proximity mask m, all
 * extension-valued: a base-field mask would leave the c1 half of q and u unmasked). Each column of the encoded
 * tableau is a leaf H(0x00 || salt || column) with a 16-byte salt.
 *
 * <p>Open, for claims y_j on committed vectors: absorb parameters, commitments and claims; draw gamma; per commitment
 * send q = sum_j gamma^(j+1) (eqL_j^T f)(X) a_j(X) + D(X), with a_j(X) = sum_k eqR_j[k] X^(C-1-k), so that
 * coeff_(C-1)(q) = sum_j gamma^(j+1) y_j (the hiding coefficients of f sit at degree >= C and never reach it); draw
 * r over the data and D rows; send u = m + r^T rows; draw t distinct column indices and open those columns with
 * their salts. Verify: the coefficient of q; the Merkle openings; per opened column at eta, Enc(u)(eta) =
 * m(eta) + r . U[., eta] and q(eta) = sum_j gamma^(j+1) a_j(eta) (eqL_j . U[., eta]) + Dlo(eta) + eta^C Dhi(eta),
 * with a_j(eta) = eta^(C-1) prod_b ((1 - z_b) + z_b eta^(-2^b)) in O(log C).
 *
 * <p>A commitment is opened at most B times ({@link LigeroCommitment#openings}, chosen at commit, 1 for
 * {@link #commit(long[], Blinding)}): its tableau holds B sets of the six mask rows and B t hiding coefficients per row
 * ({@link HidingLigeroParams#forOpenings}). Each opening uses its own set b, named in the proof and absorbed before the
 * first challenge; the prover data refuses a set twice ({@link HidingLigeroProverData#select}), the verifier a b
 * outside 0..B-1. Prover data written with {@link #writeProverData} carries the masks but not which sets were used:
 * whoever keeps the file keeps that ledger (the proving key, docs/zero-knowledge.md step 4).
 */
public final class HidingLigeroPcs implements MultilinearPcs {
    /** The scheme's id in {@link PcsSchemes}. */
    static final int SCHEME_ID = 2;
    /** Mask rows after the data rows, in this order. */
    static final int MASK_ROWS = 6, DLO0 = 0, DLO1 = 1, DHI0 = 2, DHI1 = 3, M0 = 4, M1 = 5;
    /** Salt words (16 bytes) before each column in a leaf. */
    static final int SALT_WORDS = 2;
    /**
     * Domain tag of a mask set's digest in a column of a commitment for B &gt; 1 openings: the column's leaf is the hash of
     * its salt, its data entries and the root of a small Merkle tree over its B sets' digests (each the hash of the set's
     * six entries), so an opening sends its own set's six entries and log2 B siblings instead of all 6B entries.
     */
    static final byte SET_TAG = 0x02;
    private static final int PARALLEL_MIN_ELEMENTS = 1 << 14;
    private final HidingLigeroParams params;
    private final Hash hash;

    public HidingLigeroPcs(HidingLigeroParams params) {
        this(params, Hashes.sha256());
    }

    public HidingLigeroPcs(HidingLigeroParams params, Hash hash) {
        this.params = params;
        this.hash = hash;
    }

    public HidingLigeroParams params() {
        return params;
    }

    @Override
    public void writeScheme(FieldWriter w) {
        w.u8(SCHEME_ID).u32(params.logBlowup).u32(params.numQueries);
    }

    static HidingLigeroPcs readScheme(FieldReader r) {
        return PcsSchemes.readBlowupAndQueries(r, "hiding Ligero", (logBlowup, queries) -> new HidingLigeroPcs(new HidingLigeroParams(logBlowup, queries)));
    }

    @Override
    public boolean hiding() {
        return true;
    }

    @Override
    public String describe() {
        return params.toString();
    }

    @Override
    public double soundnessBits(int numVars) {
        return params.soundnessBits(numVars, 1);
    }

    @Override
    public LigeroCommitment readCommitment(FieldReader in) {
        return LigeroCommitment.readHiding(in);
    }

    @Override
    public LigeroCommitment commitmentFromBytes(byte[] bytes) {
        return LigeroCommitment.fromBytes(bytes, true);
    }

    @Override
    public HidingLigeroProof readProof(FieldReader in, List<? extends PcsCommitment> commitments, List<EvalClaim> claims) {
        return HidingLigeroProof.readFrom(in, params, LigeroPcs.ligeroCommitments(commitments, ProofFormatException::new), claims);
    }

    @Override
    public HidingLigeroProof proofFromBytes(byte[] bytes, List<? extends PcsCommitment> commitments, List<EvalClaim> claims) {
        return HidingLigeroProof.fromBytes(bytes, params, LigeroPcs.ligeroCommitments(commitments, ProofFormatException::new), claims);
    }

    /** The shape of one commitment's tableau. */
    static final class Shape {
        final int n, logCols, logRows, logMsg, cols, rows, k, msgLen, width, stride, openings, hiding;
        /** Levels of a column's tree over its mask sets' digests: 0 when B = 1 (the six entries sit in the leaf itself). */
        final int setDepth;
        /** Queries per opening (HidingLigeroParams.forOpenings: more for some B). */
        final int t;

        /** A tableau opened once. */
        Shape(HidingLigeroParams p, int n) {
            this(p, n, 1);
        }

        /** {@code base}: the scheme's parameters (B = 1); the tableau's are base.forOpenings(openings). */
        Shape(HidingLigeroParams base, int n, int openings) {
            HidingLigeroParams p = base.forOpenings(openings);
            this.n = n;
            this.openings = openings;
            hiding = p.hiding;
            t = p.numQueries;
            logCols = p.logCols(n);
            if (logCols < 0) throw new IllegalArgumentException("hiding Ligero: no layout of a 2^" + n + " table under " + p);
            logRows = n - logCols;
            logMsg = p.logMsg(logCols);
            cols = 1 << logCols;
            rows = 1 << logRows;
            k = p.msgCoeffs(logCols);
            msgLen = 1 << logMsg;
            width = msgLen << p.logBlowup;
            stride = SALT_WORDS + rows + MASK_ROWS * openings;
            setDepth = setDepth(openings);
            if (k + cols > width) throw new IllegalArgumentException("hiding Ligero: q's " + (k + cols) + " coefficients exceed the domain of " + width);
        }

        /** Entries per opened column as sent (the data rows, then the six of the opening's mask set; without the salt). */
        int columnLen() {
            return rows + MASK_ROWS;
        }

        /** Offset in an opened column (as sent) of mask entry {@code which} (DLO0..M1) of the opening's set. */
        int mask(int which) {
            return rows + which;
        }

        /** Bytes of one opened column's path in its set tree. */
        int setPathBytes() {
            return setDepth * Hash.DIGEST_BYTES;
        }
    }

    /** The shape of a hiding commitment's tableau; {@code err} for a commitment of the binding form (no openings recorded). */
    Shape shapeOf(LigeroCommitment c, java.util.function.Function<String, RuntimeException> err) {
        if (c.openings() < 1) throw err.apply("hiding ligero: a binding commitment (no openings recorded) given to the hiding scheme");
        return new Shape(params, c.numVars(), c.openings());
    }

    // ------------------------------------------------------------------ commit

    @Override
    public HidingLigeroProverData commit(long[] evals) {
        return commit(evals, Blinding.NONE);
    }

    @Override
    public HidingLigeroProverData commit(long[] evals, Blinding blinding) {
        return commit(evals, blinding, 1, null);
    }

    /** A commitment that may be opened {@code openings} times (B: one mask set and t hiding coefficients per row each). */
    public HidingLigeroProverData commit(long[] evals, Blinding blinding, int openings) {
        return commit(evals, blinding, openings, null);
    }

    HidingLigeroProverData commit(long[] evals, Blinding blinding, Consumer<long[][]> maskTamper) {
        return commit(evals, blinding, 1, maskTamper);
    }

    /** maskTamper sees the 6B mask rows before they are encoded: a cheating or broken prover in tests, the coefficient shares of LigeroConstraints. */
    HidingLigeroProverData commit(long[] evals, Blinding blinding, int openings, Consumer<long[][]> maskTamper) {
        if (!blinding.hiding()) {
            throw new IllegalArgumentException("hiding Ligero: a hiding commitment needs randomness; got Blinding.NONE (use Blinding.fresh(), or LigeroPcs for binding only)");
        }
        int len = evals.length;
        if (len < 2 || Integer.bitCount(len) != 1) {
            throw new IllegalArgumentException("hiding Ligero commits to 2^n values with n >= 1; got " + len + " (pad to a power of two)");
        }
        int n = Integer.numberOfTrailingZeros(len);
        if (n > HidingLigeroParams.MAX_VARS) throw new IllegalArgumentException("table of 2^" + n + " values exceeds 2^" + HidingLigeroParams.MAX_VARS);
        for (int i = 0; i < len; i++) {
            if (!Goldilocks.isCanonical(evals[i])) throw new IllegalArgumentException("value at index " + i + " is not a canonical field element");
        }
        Shape s = new Shape(params, n, openings);
        int h = s.hiding, c = s.cols, k = s.k, maskRows = MASK_ROWS * openings;
        // Randomness is drawn sequentially from the caller's generator (not thread-safe; reproducible with a seed).
        long[] hid = new long[Math.multiplyExact(s.rows, h)];
        blinding.nextFields(hid);
        long[][] masks = new long[maskRows][k];
        for (long[] m : masks) blinding.nextFields(m);
        for (int b = 0; b < openings; b++) { // each D's coefficient C - 1 is zero: q's coefficient C - 1 is then the batched claim
            masks[HidingLigeroProverData.maskRow(b, DLO0)][c - 1] = 0;
            masks[HidingLigeroProverData.maskRow(b, DLO1)][c - 1] = 0;
        }
        if (maskTamper != null) maskTamper.accept(masks);
        long[] enc = new long[Math.multiplyExact(s.stride, s.width)];
        byte[] salts = new byte[8 * SALT_WORDS * s.width]; // one call: a SecureRandom call per column would cost more than the hashing
        blinding.nextBytes(salts);
        ByteBuffer sb = ByteBuffer.wrap(salts).order(ByteOrder.LITTLE_ENDIAN);
        for (int j = 0; j < s.width; j++) {
            for (int w = 0; w < SALT_WORDS; w++) enc[j * s.stride + w] = sb.getLong();
        }
        RsEncoder rs = RsEncoder.of(s.logMsg, params.logBlowup);
        LigeroPcs.RowSource src = (r, msg) -> {
            Arrays.fill(msg, 0);
            if (r < s.rows) {
                System.arraycopy(evals, r * c, msg, 0, c);
                System.arraycopy(hid, r * h, msg, c, h);
            } else {
                System.arraycopy(masks[r - s.rows], 0, msg, 0, k);
            }
            return true;
        };
        // a block of 8 rows per task, each with buffers of its own: the hiding commit of the 17.3M network through
        // LigeroPcs.encodeRows' 16 reusing tasks cost its setup 1.27x the cpu (whole-process pairs); not understood yet
        int all = s.rows + maskRows, block = 8;
        IntStream blocks = IntStream.range(0, (all + block - 1) / block);
        if ((long) all * s.width >= PARALLEL_MIN_ELEMENTS) blocks = blocks.parallel();
        blocks.forEach(b -> LigeroPcs.encodeBlock(rs, src, enc, b * block, Math.min(block, all - b * block), s.stride, SALT_WORDS));
        byte[] leaves;
        if (openings == 1) {
            leaves = MerkleTree.leafDigests(hash, enc, s.stride, s.width);
        } else {
            byte[] l = new byte[s.width * Hash.DIGEST_BYTES];
            IntStream.range(0, s.width).parallel().forEach(j -> leafDigest(s, enc, j * s.stride, l, j * Hash.DIGEST_BYTES));
            leaves = l;
        }
        MerkleTree tree = MerkleTree.fromLeafDigests(hash, leaves, s.width);
        return new HidingLigeroProverData(new LigeroCommitment(n, tree.root(), openings), evals, hid, masks, EncodedColumns.of(enc, s.stride, s.width), tree,
                s.logRows, s.logCols);
    }

    // ------------------------------------------------------------------ a column's leaf

    /**
     * The Merkle leaf of a stored column ({@code stride} words at {@code off}: salt, data entries, the 6B mask entries).
     * B = 1: the hash of them all. B &gt; 1: the hash of the salt, the data entries and the root of the column's set
     * tree ({@link #setTree}); the column's salt keeps the leaf hiding as before, and the set digests hash entries an
     * opening of B = 1 sends in the clear.
     */
    void leafDigest(Shape s, long[] stored, int off, byte[] out, int outOff) {
        leafDigest(s, stored, off, s.openings == 1 ? null : setTree(s, stored, off), new long[s.stride], out, outOff);
    }

    /** As above, with the column's set tree already made ({@code setNodes}, null when B = 1) and a scratch of {@code s.stride} words. */
    private void leafDigest(Shape s, long[] stored, int off, byte[] setNodes, long[] scratch, byte[] out, int outOff) {
        if (s.openings == 1) {
            hash.hashFields(MerkleTree.LEAF_TAG, stored, off, s.stride, out, outOff);
            return;
        }
        outerLeaf(s, stored, off, stored, off + SALT_WORDS, setNodes, Hash.DIGEST_BYTES, scratch, out, outOff);
    }

    /**
     * A column's set tree in heap order (node i at i * 32, the root at 1, leaves from 2^depth): leaf b the hash of set
     * b's six entries under {@link #SET_TAG}, leaves past B zero digests.
     */
    private byte[] setTree(Shape s, long[] stored, int off) {
        int leavesAt = 1 << s.setDepth, d = Hash.DIGEST_BYTES;
        byte[] nodes = new byte[2 * leavesAt * d];
        for (int b = 0; b < s.openings; b++) hash.hashFields(SET_TAG, stored, off + SALT_WORDS + s.rows + MASK_ROWS * b, MASK_ROWS, nodes, (leavesAt + b) * d);
        for (int i = leavesAt - 1; i >= 1; i--) hash.compress(MerkleTree.NODE_TAG, nodes, 2 * i * d, nodes, (2 * i + 1) * d, nodes, i * d);
        return nodes;
    }

    /** Levels of a column's set tree for B openings: 0 when B = 1, else ceil(log2 B). */
    static int setDepth(int openings) {
        return openings == 1 ? 0 : 32 - Integer.numberOfLeadingZeros(openings - 1);
    }

    /** Set b's path in a column's set tree: its siblings from the leaf up. */
    private static void setPath(Shape s, byte[] nodes, int b, byte[] out, int outOff) {
        int d = Hash.DIGEST_BYTES;
        for (int level = 0, node = (1 << s.setDepth) + b; level < s.setDepth; level++, node >>>= 1) System.arraycopy(nodes, (node ^ 1) * d, out, outOff + level * d, d);
    }

    /**
     * The leaf of an opened column as sent (salt; data entries then set b's six; set b's path when B &gt; 1): the
     * verifier's, and the simulator's. {@code leaf}: a scratch of {@code s.stride} words, reused across columns.
     */
    private void sentLeafDigest(Shape s, long[] salts, int saltOff, long[] columns, int off, int b, byte[] paths, int pathOff, long[] leaf, byte[] out, int outOff) {
        if (s.openings == 1) {
            System.arraycopy(salts, saltOff, leaf, 0, SALT_WORDS);
            System.arraycopy(columns, off, leaf, SALT_WORDS, s.columnLen());
            hash.hashFields(MerkleTree.LEAF_TAG, leaf, 0, s.stride, out, outOff);
            return;
        }
        int d = Hash.DIGEST_BYTES;
        byte[] node = new byte[2 * d]; // [current | scratch]
        hash.hashFields(SET_TAG, columns, off + s.rows, MASK_ROWS, node, 0);
        for (int level = 0; level < s.setDepth; level++) {
            if ((b >>> level & 1) == 0) hash.compress(MerkleTree.NODE_TAG, node, 0, paths, pathOff + level * d, node, d);
            else hash.compress(MerkleTree.NODE_TAG, paths, pathOff + level * d, node, 0, node, d);
            System.arraycopy(node, d, node, 0, d);
        }
        outerLeaf(s, salts, saltOff, columns, off, node, 0, leaf, out, outOff);
    }

    /**
     * The leaf of B &gt; 1: the hash of the salt, the data entries and the set tree's root (as four little-endian words),
     * assembled in {@code w} (at least SALT_WORDS + rows + 4 words: a column's stride is longer by 6B - 4).
     */
    private void outerLeaf(Shape s, long[] salts, int saltOff, long[] data, int dataOff, byte[] root, int rootOff, long[] w, byte[] out, int outOff) {
        int len = SALT_WORDS + s.rows + 4;
        System.arraycopy(salts, saltOff, w, 0, SALT_WORDS);
        System.arraycopy(data, dataOff, w, SALT_WORDS, s.rows);
        ByteBuffer r = ByteBuffer.wrap(root, rootOff, Hash.DIGEST_BYTES).order(ByteOrder.LITTLE_ENDIAN);
        for (int i = 0; i < 4; i++) w[SALT_WORDS + s.rows + i] = r.getLong();
        hash.hashFields(MerkleTree.LEAF_TAG, w, 0, len, out, outOff);
    }

    // ------------------------------------------------------------------ open

    /**
     * All randomness was drawn at commit (the masks are committed before any challenge), so the opening draws none:
     * {@code blinding} is accepted and unused.
     */
    /** Test seam: a cheating prover alters q or u before sending them (absorbed faithfully, so the checks themselves are tested). */
    interface ProverTamper {
        default void q(int vector, GoldilocksExt2[] gammaPowers, long[] q0, long[] q1) {}

        default void u(int vector, long[] u0, long[] u1) {}
    }

    @Override
    public HidingLigeroProof open(List<? extends PcsProverData> committed, List<EvalClaim> claims, Transcript transcript) {
        return open(committed, claims, transcript, (ProverTamper) null);
    }

    @Override
    public HidingLigeroProof open(List<? extends PcsProverData> committed, List<EvalClaim> claims, Transcript transcript, Blinding blinding) {
        return open(committed, claims, transcript, (ProverTamper) null);
    }

    HidingLigeroProof open(List<? extends PcsProverData> committed, List<EvalClaim> claims, Transcript transcript, ProverTamper tamper) {
        List<HidingLigeroProverData> data = proverData(committed);
        List<LigeroCommitment> cs = new ArrayList<>();
        for (HidingLigeroProverData d : data) cs.add(d.commitment);
        LigeroPcs.claimsPerCommitment(cs, claims, IllegalArgumentException::new);
        LigeroPcs.absorbStatement(transcript, label(), cs, claims);
        int[] sets = takeOpenings(data);
        absorbOpenings(transcript, cs, sets);
        GoldilocksExt2[] gpow = gammaPowers(transcript.challengeExt("hligero.gamma"), claims.size());
        return new HidingLigeroProof(proveTerms(data, sets, claimTerms(claims, gpow), transcript, tamper, gpow));
    }

    /** The mask set each commitment's opening uses, taken from its ledger (from now on used, whatever happens next). */
    static int[] takeOpenings(List<HidingLigeroProverData> data) {
        int[] sets = new int[data.size()];
        for (int i = 0; i < sets.length; i++) sets[i] = data.get(i).take();
        return sets;
    }

    /** Binds the opening index of every commitment opened more than once, before the first challenge of its opening. */
    static void absorbOpenings(Transcript t, List<LigeroCommitment> cs, int[] sets) {
        for (int i = 0; i < sets.length; i++) {
            if (cs.get(i).openings() > 1) t.absorbField("hligero.opening", sets[i]);
        }
    }

    /** The hiding prover data of each commitment, refused if of another scheme or already opened. */
    static List<HidingLigeroProverData> proverData(List<? extends PcsProverData> committed) {
        List<HidingLigeroProverData> data = new ArrayList<>(committed.size());
        for (PcsProverData d : committed) {
            if (!(d instanceof HidingLigeroProverData l)) throw new IllegalArgumentException("hiding ligero: prover data of another scheme (" + d.getClass().getSimpleName() + ")");
            data.add(l);
        }
        for (HidingLigeroProverData d : data) d.next(); // throws when spent
        return data;
    }

    /**
     * One term of the batched linear test on commitment {@code vector}: weight * (eq(point) . table) when point is
     * non-null (an evaluation claim, or an evaluation term of a linear constraint), else weight * table[index]. The
     * weights carry the batching powers gamma^(j+1) of their constraint.
     */
    static final class Term {
        final int vector;
        final GoldilocksExt2 weight;
        final GoldilocksExt2[] point;
        final int index;

        Term(int vector, GoldilocksExt2 weight, GoldilocksExt2[] point, int index) {
            this.vector = vector;
            this.weight = weight;
            this.point = point;
            this.index = index;
        }
    }

    static List<Term> claimTerms(List<EvalClaim> claims, GoldilocksExt2[] gpow) {
        List<Term> terms = new ArrayList<>(claims.size());
        for (int j = 0; j < claims.size(); j++) terms.add(new Term(claims.get(j).vector, gpow[j], claims.get(j).point(), -1));
        return terms;
    }

    /**
     * The linear test after its batching challenge (the seam the evaluation claims and LigeroConstraints share):
     * per commitment q = sum_terms ... + D, then the proximity row u, then the distinct queried columns, with commitment
     * i's mask set sets[i] (taken by {@link #takeOpenings}). {@code gpow} is only shown to the tamper seam.
     */
    HidingLigeroProof.Part[] proveTerms(List<HidingLigeroProverData> data, int[] sets, List<Term> terms, Transcript transcript, ProverTamper tamper, GoldilocksExt2[] gpow) {
        int m = data.size();
        long[][][] q = new long[m][][], u = new long[m][][];
        for (int i = 0; i < m; i++) {
            q[i] = linearPolynomial(data.get(i), sets[i], i, terms);
            if (tamper != null) tamper.q(i, gpow, q[i][0], q[i][1]);
            transcript.absorbExts("hligero.q", q[i][0], q[i][1]);
        }
        for (int i = 0; i < m; i++) {
            HidingLigeroProverData d = data.get(i);
            long[][] r = LigeroPcs.challengeVector(transcript, "hligero.proximity", (1 << d.logRows) + 4);
            u[i] = proximityRow(d, sets[i], r);
            if (tamper != null) tamper.u(i, u[i][0], u[i][1]);
            transcript.absorbExts("hligero.u", u[i][0], u[i][1]);
        }
        HidingLigeroProof.Part[] parts = new HidingLigeroProof.Part[m];
        for (int i = 0; i < m; i++) {
            HidingLigeroProverData d = data.get(i);
            Shape s = shapeOf(d.commitment, IllegalArgumentException::new);
            int[] qs = distinctQueries(transcript, s.t, s.width);
            int t = qs.length, colLen = s.columnLen(), b = sets[i], pathBytes = s.setPathBytes();
            long[] salts = new long[SALT_WORDS * t], columns = new long[t * colLen], leaf = new long[s.stride];
            byte[] paths = new byte[t * pathBytes], digest = new byte[Hash.DIGEST_BYTES];
            long[] scratch = new long[s.stride];
            for (int j = 0; j < t; j++) {
                d.encoded.copyColumn(qs[j], leaf, 0);
                byte[] setNodes = pathBytes > 0 ? setTree(s, leaf, 0) : null; // once: the stored leaf's check and the path
                if (d.stored) {
                    leafDigest(s, leaf, 0, setNodes, scratch, digest, 0);
                    LigeroPcs.checkStoredLeaf(d.tree, qs[j], digest);
                }
                System.arraycopy(leaf, 0, salts, SALT_WORDS * j, SALT_WORDS);
                System.arraycopy(leaf, SALT_WORDS, columns, j * colLen, s.rows); // the data entries, then set b's six only
                System.arraycopy(leaf, SALT_WORDS + s.rows + MASK_ROWS * b, columns, j * colLen + s.rows, MASK_ROWS);
                if (pathBytes > 0) setPath(s, setNodes, b, paths, j * pathBytes);
            }
            parts[i] = new HidingLigeroProof.Part(b, d.openings(), q[i][0], q[i][1], u[i][0], u[i][1], salts, columns, paths, d.tree.open(qs));
        }
        return parts;
    }

    private String label() {
        return params.label() + " hash=" + hash.name();
    }

    /** gamma^(j+1) for claim j (the exponent 0 is left to the mask D's coefficient, see HidingLigeroParams). */
    static GoldilocksExt2[] gammaPowers(GoldilocksExt2 gamma, int count) {
        GoldilocksExt2[] g = new GoldilocksExt2[count];
        GoldilocksExt2 x = gamma;
        for (int j = 0; j < count; j++) {
            g[j] = x;
            x = x.mul(gamma);
        }
        return g;
    }

    /**
     * q = sum_terms (eqL^T f)(X) a(X) + Dlo(X) + X^C Dhi(X) over the terms on vector i, K + C extension coefficients:
     * an evaluation term has eqL = weight eq(high point) and a(X) = sum_k eqR(low point)[k] X^(C-1-k); an entry term at
     * (row, col) has eqL = weight e_row and a(X) = X^(C-1-col). Evaluation terms sharing their low coordinates share a:
     * their eqL are summed first (one pass over the table per group), then multiplied once; the entry terms on one row are summed into one polynomial
     * first, then multiplied by the row once (a constraint proof's thousands of entry terms on the pad and product
     * tableaux cost O(rows NTT) instead of O(terms K)). Each product is taken in C-coefficient slices of the row:
     * slice s (X^(sC) f_s, deg f_s &lt; C) times a (deg &lt; C) fits an NTT of 2C without wrapping, the slices' sums
     * transformed back one by one and added at X^(sC). For the K = C + h &lt;= 2C of a large table that is 6 forward
     * transforms of 2C per evaluation group where one product over the whole row took 4 of 4C (K + C - 1 &gt; 2C).
     */
    private long[][] linearPolynomial(HidingLigeroProverData d, int set, int vector, List<Term> terms) {
        int c = 1 << d.logCols, rows = 1 << d.logRows, h = params.forOpenings(d.openings()).hiding, k = c + h;
        int size = 2 * c, slices = (k + c - 1) / c;
        Map<List<GoldilocksExt2>, long[][]> rowsByLow = new LinkedHashMap<>();
        Map<Integer, long[][]> entriesByRow = new TreeMap<>(); // row -> sum of its entry terms' weight X^(C-1-col)
        boolean[] small = null;
        for (Term term : terms) {
            if (term.vector != vector) continue;
            if (term.point == null) {
                long[][] a = entriesByRow.computeIfAbsent(term.index >>> d.logCols, row -> new long[][] {new long[size], new long[size]});
                int shift = c - 1 - (term.index & (c - 1));
                a[0][shift] = Goldilocks.add(a[0][shift], term.weight.c0);
                a[1][shift] = Goldilocks.add(a[1][shift], term.weight.c1);
                continue;
            }
            ExtVec eqL = Eq.table(Arrays.copyOfRange(term.point, d.logCols, term.point.length), term.weight);
            long[][] sum = rowsByLow.computeIfAbsent(List.of(Arrays.copyOf(term.point, d.logCols)), z -> new long[][] {new long[rows], new long[rows]});
            for (int r = 0; r < rows; r++) { // the terms of one group share a(X): their row weights add, one pass over the table per group
                sum[0][r] = Goldilocks.add(sum[0][r], eqL.c0[r]);
                sum[1][r] = Goldilocks.add(sum[1][r], eqL.c1[r]);
            }
        }
        Map<List<GoldilocksExt2>, long[][]> combined = new LinkedHashMap<>();
        for (Map.Entry<List<GoldilocksExt2>, long[][]> e : rowsByLow.entrySet()) {
            long[] e0 = e.getValue()[0], e1 = e.getValue()[1];
            long[][] w = {new long[c], new long[c], new long[h], new long[h]};
            if (small == null) small = d.smallRows(); // quantized weights: the 64-bit fast path (no 128-bit products)
            LigeroPcs.combineRows(d.evals, rows, c, e0, e1, w[0], w[1], small);
            if (h > 0) LigeroPcs.combineRows(d.hidingCoeffs, rows, h, e0, e1, w[2], w[3]);
            combined.put(e.getKey(), w);
        }
        // Every factor is transformed first, all at once: the transforms are independent (six of 2^15 per evaluation
        // group on the constants of a 4M model), so they share the cores.
        List<long[]> transforms = new ArrayList<>();
        List<long[][]> evalFactors = new ArrayList<>(), entryFactors = new ArrayList<>(); // {a0, a1, slices (c0, c1 | base)...}
        for (Map.Entry<List<GoldilocksExt2>, long[][]> e : combined.entrySet()) {
            long[][] w = e.getValue();
            ExtVec eqR = Eq.table(e.getKey().toArray(new GoldilocksExt2[0]));
            long[][] g = new long[2 + 2 * slices][];
            g[0] = new long[size];
            g[1] = new long[size];
            for (int i = 0; i < c; i++) {
                g[0][c - 1 - i] = eqR.c0[i];
                g[1][c - 1 - i] = eqR.c1[i];
            }
            for (int sl = 0; sl < slices; sl++) {
                g[2 + 2 * sl] = slice(w[0], w[2], c, sl, size);
                g[3 + 2 * sl] = slice(w[1], w[3], c, sl, size);
            }
            evalFactors.add(g);
            transforms.addAll(Arrays.asList(g));
        }
        for (Map.Entry<Integer, long[][]> e : entriesByRow.entrySet()) {
            int row = e.getKey();
            long[][] g = new long[2 + slices][];
            g[0] = e.getValue()[0];
            g[1] = e.getValue()[1];
            long[] dataRow = Arrays.copyOfRange(d.evals, row * c, row * c + c), hidRow = Arrays.copyOfRange(d.hidingCoeffs, row * h, row * h + h);
            for (int sl = 0; sl < slices; sl++) g[2 + sl] = slice(dataRow, hidRow, c, sl, size);
            entryFactors.add(g);
            transforms.addAll(Arrays.asList(g));
        }
        ntts(transforms, size, false);
        long[][] acc = new long[2 * slices][size]; // slice s's sum: c0 at 2s, c1 at 2s + 1
        int chunk = Math.min(size, 1 << 12);
        IntStream chunks = IntStream.range(0, size / chunk);
        if ((long) size * slices * (evalFactors.size() + entryFactors.size()) >= PARALLEL_MIN_ELEMENTS) chunks = chunks.parallel();
        chunks.forEach(ch -> {
            int lo = ch * chunk, hi = lo + chunk;
            for (int sl = 0; sl < slices; sl++) {
                long[] acc0 = acc[2 * sl], acc1 = acc[2 * sl + 1];
                for (long[][] g : evalFactors) {
                    long[] a0 = g[0], a1 = g[1], w0 = g[2 + 2 * sl], w1 = g[3 + 2 * sl];
                    for (int i = lo; i < hi; i++) {
                        acc0[i] = Goldilocks.add(acc0[i], GoldilocksExt2.mul0(w0[i], w1[i], a0[i], a1[i]));
                        acc1[i] = Goldilocks.add(acc1[i], GoldilocksExt2.mul1(w0[i], w1[i], a0[i], a1[i]));
                    }
                }
                for (long[][] g : entryFactors) {
                    long[] a0 = g[0], a1 = g[1], f = g[2 + sl];
                    for (int i = lo; i < hi; i++) {
                        acc0[i] = Goldilocks.add(acc0[i], Goldilocks.mul(f[i], a0[i]));
                        acc1[i] = Goldilocks.add(acc1[i], Goldilocks.mul(f[i], a1[i]));
                    }
                }
            }
        });
        long[] q0 = new long[k + c], q1 = new long[k + c];
        if (!transforms.isEmpty()) {
            ntts(Arrays.asList(acc), size, true);
            for (int sl = 0; sl < slices; sl++) { // slice s's product has degree < 2C - 1, at X^(sC): within q's K + C
                int off = sl * c, len = Math.min(size - 1, k + c - off);
                for (int i = 0; i < len; i++) {
                    q0[off + i] = Goldilocks.add(q0[off + i], acc[2 * sl][i]);
                    q1[off + i] = Goldilocks.add(q1[off + i], acc[2 * sl + 1][i]);
                }
            }
        }
        long[] dlo0 = d.mask(HidingLigeroProverData.maskRow(set, DLO0)), dlo1 = d.mask(HidingLigeroProverData.maskRow(set, DLO1));
        long[] dhi0 = d.mask(HidingLigeroProverData.maskRow(set, DHI0)), dhi1 = d.mask(HidingLigeroProverData.maskRow(set, DHI1));
        for (int i = 0; i < k; i++) {
            q0[i] = Goldilocks.add(q0[i], dlo0[i]);
            q1[i] = Goldilocks.add(q1[i], dlo1[i]);
            q0[c + i] = Goldilocks.add(q0[c + i], dhi0[i]);
            q1[c + i] = Goldilocks.add(q1[c + i], dhi1[i]);
        }
        return new long[][] {q0, q1};
    }

    /** Coefficients sC .. sC + C - 1 of the row [data (C) | hiding (h)], zero-padded to {@code size}. */
    private static long[] slice(long[] data, long[] hid, int c, int sl, int size) {
        long[] out = new long[size];
        for (int i = 0, j = sl * c; i < c; i++, j++) {
            if (j < c) out[i] = data[j];
            else if (j - c < hid.length) out[i] = hid[j - c];
        }
        return out;
    }

    /** NTTs of equal length, in place; in parallel when there is enough work for the cores (each transform is sequential). */
    private static void ntts(List<long[]> arrays, int size, boolean inverse) {
        IntStream all = IntStream.range(0, arrays.size());
        if ((long) size * arrays.size() >= PARALLEL_MIN_ELEMENTS && arrays.size() > 1) all = all.parallel();
        all.forEach(i -> {
            if (inverse) Ntt.inverse(arrays.get(i));
            else Ntt.forward(arrays.get(i));
        });
    }

    /** u = m + sum_i r_i row_i over the data rows and the four D rows of mask set b (K extension coefficients). */
    private long[][] proximityRow(HidingLigeroProverData d, int set, long[][] r) {
        int c = 1 << d.logCols, rows = 1 << d.logRows, h = params.forOpenings(d.openings()).hiding, k = c + h;
        long[] u0 = d.mask(HidingLigeroProverData.maskRow(set, M0)).clone(), u1 = d.mask(HidingLigeroProverData.maskRow(set, M1)).clone();
        long[] t0 = new long[c], t1 = new long[c];
        LigeroPcs.combineRows(d.evals, rows, c, r[0], r[1], t0, t1, d.smallRows());
        addInto(t0, t1, u0, u1, 0);
        if (h > 0) {
            long[] h0 = new long[h], h1 = new long[h];
            LigeroPcs.combineRows(d.hidingCoeffs, rows, h, r[0], r[1], h0, h1);
            addInto(h0, h1, u0, u1, c);
        }
        long[] dRows = new long[4 * k];
        for (int i = 0; i < 4; i++) System.arraycopy(d.mask(HidingLigeroProverData.maskRow(set, i)), 0, dRows, i * k, k);
        long[] d0 = new long[k], d1 = new long[k];
        LigeroPcs.combineRows(dRows, 4, k, Arrays.copyOfRange(r[0], rows, rows + 4), Arrays.copyOfRange(r[1], rows, rows + 4), d0, d1);
        addInto(d0, d1, u0, u1, 0);
        return new long[][] {u0, u1};
    }

    private static void addInto(long[] x0, long[] x1, long[] y0, long[] y1, int off) {
        for (int i = 0; i < x0.length; i++) {
            y0[off + i] = Goldilocks.add(y0[off + i], x0[i]);
            y1[off + i] = Goldilocks.add(y1[off + i], x1[i]);
        }
    }

    /** count distinct uniform indices in [0, bound), drawn from the transcript until distinct, in increasing order. */
    static int[] distinctQueries(Transcript t, int count, int bound) {
        Set<Integer> seen = new HashSet<>();
        while (seen.size() < count) {
            for (int x : t.challengeIndices("hligero.queries", count - seen.size(), bound)) seen.add(x);
        }
        int[] q = new int[count];
        int i = 0;
        for (int x : seen) q[i++] = x;
        Arrays.sort(q);
        return q;
    }

    // ------------------------------------------------------------------ prover data kept across processes

    private static final int PROVER_DATA_VERSION = 3, HEADER = 1 + 5 * 4; // 3: the leaves of B > 1 hash the set tree's root

    @Override
    public void writeProverData(PcsProverData data, java.io.DataOutputStream out) throws java.io.IOException {
        if (!(data instanceof HidingLigeroProverData d)) throw new IllegalArgumentException("hiding ligero: prover data of another scheme");
        out.writeByte(PROVER_DATA_VERSION);
        out.writeInt(d.commitment.numVars());
        out.writeInt(d.logCols);
        out.writeInt(params.logBlowup);
        out.writeInt(params.forOpenings(d.openings()).hiding);
        out.writeInt(d.openings());
        for (int r = 0; r < d.masks.length; r++) {
            long[] m = d.mask(r);
            EncodedColumns.writeLongs(out, m, 0, m.length);
        }
        EncodedColumns.writeLongs(out, d.hidingCoeffs, 0, d.hidingCoeffs.length);
        out.write(d.tree.leafDigests());
        d.encoded.writeTo(out);
    }

    @Override
    public HidingLigeroProverData readProverData(java.nio.channels.FileChannel ch, long position, long[] evals) throws java.io.IOException {
        ByteBuffer head = ByteBuffer.allocate(HEADER);
        if (ch.read(head, position) != HEADER) throw new ProofFormatException("commitment data: truncated header");
        head.flip();
        int version = head.get() & 0xff, n = head.getInt(), logCols = head.getInt(), logBlowup = head.getInt(), hiding = head.getInt(), openings = head.getInt();
        if (version != PROVER_DATA_VERSION) throw new ProofFormatException("commitment data: unknown version " + version);
        if (openings < 1 || openings > HidingLigeroParams.MAX_OPENINGS) throw new ProofFormatException("commitment data: " + openings + " openings, out of range 1.." + HidingLigeroParams.MAX_OPENINGS);
        HidingLigeroParams p = params.forOpenings(openings);
        if (n < 1 || n > HidingLigeroParams.MAX_VARS || evals.length != 1L << n || logCols != p.logCols(n) || logBlowup != p.logBlowup
                || hiding != p.hiding) {
            throw new ProofFormatException("commitment data: shape 2^" + n + " (columns 2^" + logCols + ", blowup 2^" + logBlowup + ", hiding " + hiding
                    + ") does not match the table of " + evals.length + " values under " + p);
        }
        Shape s = new Shape(params, n, openings);
        long maskWords = (long) MASK_ROWS * openings * s.k, hidWords = (long) s.rows * hiding;
        long leafBytes = (long) s.width * Hash.DIGEST_BYTES, encBytes = 8L * s.stride * s.width;
        long expected = 8 * (maskWords + hidWords) + leafBytes + encBytes;
        if (ch.size() - position - HEADER != expected) {
            throw new ProofFormatException("commitment data: " + (ch.size() - position - HEADER) + " bytes, the shape needs " + expected + " (truncated or trailing bytes)");
        }
        long at = position + HEADER;
        // the mask rows stay in the file, mapped, until a proof uses its set's six (6B rows: 4 MB at B = 16 on digits_mlp, 58 MB at 64)
        if (8 * maskWords > Integer.MAX_VALUE) throw new ProofFormatException("commitment data: " + maskWords + " mask words exceed one mapping");
        ByteBuffer maskMap = ch.map(java.nio.channels.FileChannel.MapMode.READ_ONLY, at, 8 * maskWords);
        ByteBuffer small = readFully(ch, at + 8 * maskWords, 8 * hidWords).order(ByteOrder.LITTLE_ENDIAN);
        long[][] masks = new long[MASK_ROWS * openings][];
        long[] hid = new long[(int) hidWords];
        for (int i = 0; i < hid.length; i++) hid[i] = small.getLong();
        at += 8 * (maskWords + hidWords);
        MerkleTree tree = MerkleTree.fromLeafDigests(hash, readFully(ch, at, leafBytes).array(), s.width);
        EncodedColumns enc = EncodedColumns.mapped(ch, at + leafBytes, s.stride, s.width);
        HidingLigeroProverData d = new HidingLigeroProverData(new LigeroCommitment(n, tree.root(), openings), evals, hid, masks, enc, tree, s.logRows, s.logCols);
        d.stored = true;
        d.storedMasks(maskMap);
        return d;
    }

    private static ByteBuffer readFully(java.nio.channels.FileChannel ch, long at, long len) throws java.io.IOException {
        ByteBuffer b = ByteBuffer.allocate(Math.toIntExact(len));
        while (b.hasRemaining()) {
            if (ch.read(b, at + b.position()) < 0) throw new ProofFormatException("commitment data: truncated");
        }
        b.flip();
        return b;
    }

    // ------------------------------------------------------------------ verify

    /** The verifier's challenges (replayed from the transcript, or chosen by a simulator in the tests). */
    static final class Challenges {
        final GoldilocksExt2 gamma;
        final long[][][] proximity; // per commitment {r0, r1} over the data rows and the four D rows
        final int[][] queries; // per commitment, distinct and increasing

        Challenges(GoldilocksExt2 gamma, long[][][] proximity, int[][] queries) {
            this.gamma = gamma;
            this.proximity = proximity;
            this.queries = queries;
        }
    }

    /** Absorbs the statement and the proof's messages in protocol order and draws every challenge. */
    Challenges replay(List<LigeroCommitment> commitments, List<EvalClaim> claims, HidingLigeroProof proof, Transcript transcript) {
        LigeroPcs.absorbStatement(transcript, label(), commitments, claims);
        absorbOpenings(transcript, commitments, proof.openingIndices());
        return replayTerms(commitments, transcript.challengeExt("hligero.gamma"), proof, transcript);
    }

    /** The challenges after the batching challenge gamma (shared with LigeroConstraints). */
    Challenges replayTerms(List<LigeroCommitment> commitments, GoldilocksExt2 gamma, HidingLigeroProof proof, Transcript transcript) {
        int m = commitments.size();
        for (int i = 0; i < m; i++) transcript.absorbExts("hligero.q", proof.parts[i].q0, proof.parts[i].q1);
        long[][][] r = new long[m][][];
        for (int i = 0; i < m; i++) {
            Shape s = shapeOf(commitments.get(i), VerificationException::new);
            r[i] = LigeroPcs.challengeVector(transcript, "hligero.proximity", s.rows + 4);
            transcript.absorbExts("hligero.u", proof.parts[i].u0, proof.parts[i].u1);
        }
        int[][] q = new int[m][];
        for (int i = 0; i < m; i++) {
            Shape s = shapeOf(commitments.get(i), VerificationException::new);
            q[i] = distinctQueries(transcript, s.t, s.width);
        }
        return new Challenges(gamma, r, q);
    }

    @Override
    public void verify(List<? extends PcsCommitment> given, List<EvalClaim> claims, PcsProof sent, Transcript transcript) {
        if (!(sent instanceof HidingLigeroProof proof)) throw new VerificationException("hiding ligero: a proof of another scheme (" + sent.getClass().getSimpleName() + ")");
        List<LigeroCommitment> commitments = LigeroPcs.ligeroCommitments(given, VerificationException::new);
        LigeroPcs.claimsPerCommitment(commitments, claims, VerificationException::new);
        checkShapes(commitments, proof);
        check(commitments, claims, proof, replay(commitments, claims, proof, transcript));
    }

    void checkShapes(List<LigeroCommitment> commitments, HidingLigeroProof proof) {
        int m = commitments.size();
        if (proof.parts.length != m) throw new VerificationException("hiding ligero: proof has " + proof.parts.length + " parts for " + m + " commitments");
        for (int i = 0; i < m; i++) {
            Shape s = shapeOf(commitments.get(i), VerificationException::new);
            HidingLigeroProof.Part p = proof.parts[i];
            int t = s.t;
            String what = "hiding ligero commitment " + i;
            if (p.index < 0 || p.index >= s.openings) throw new VerificationException(what + ": opening " + p.index + " outside 0.." + (s.openings - 1));
            if (p.q0.length != s.k + s.cols || p.q1.length != s.k + s.cols) throw new VerificationException(what + ": evaluation polynomial length");
            if (p.u0.length != s.k || p.u1.length != s.k) throw new VerificationException(what + ": proximity row length");
            if (p.salts.length != SALT_WORDS * t || p.columns.length != (long) t * s.columnLen() || p.setPaths.length != (long) t * s.setPathBytes()) {
                throw new VerificationException(what + ": opened column shape");
            }
        }
    }

    /** Every check of the verifier, given the challenges (the simulator test programs them). */
    void check(List<LigeroCommitment> commitments, List<EvalClaim> claims, HidingLigeroProof proof, Challenges ch) {
        GoldilocksExt2[] gpow = gammaPowers(ch.gamma, claims.size());
        GoldilocksExt2 target = GoldilocksExt2.ZERO;
        for (int j = 0; j < claims.size(); j++) target = target.add(gpow[j].mul(claims.get(j).value));
        checkTerms(commitments, claimTerms(claims, gpow), target, proof, ch);
    }

    /**
     * The linear test's checks: the coefficients C_i - 1 of the q_i sum to the batched target (the masks' coefficients
     * sum to zero: each is zero for an opening of evaluation claims, shares of zero across the tableaux of
     * LigeroConstraints); the Merkle openings; per opened column the proximity and the linear check.
     */
    void checkTerms(List<LigeroCommitment> commitments, List<Term> terms, GoldilocksExt2 target, HidingLigeroProof proof, Challenges ch) {
        GoldilocksExt2 sum = GoldilocksExt2.ZERO;
        for (int i = 0; i < commitments.size(); i++) {
            int cols = shapeOf(commitments.get(i), VerificationException::new).cols;
            sum = sum.add(GoldilocksExt2.of(proof.parts[i].q0[cols - 1], proof.parts[i].q1[cols - 1]));
        }
        if (!sum.equals(target)) {
            throw new VerificationException("hiding ligero: the evaluation polynomials' coefficients C - 1 do not sum to the batched claimed value");
        }
        for (int i = 0; i < commitments.size(); i++) {
            LigeroCommitment com = commitments.get(i);
            Shape s = shapeOf(com, VerificationException::new);
            HidingLigeroProof.Part part = proof.parts[i];
            int b = part.index;
            String what = "hiding ligero commitment " + i;
            int[] qs = ch.queries[i];
            int t = qs.length, colLen = s.columnLen();

            byte[] leaves = new byte[t * Hash.DIGEST_BYTES];
            long[] leaf = new long[s.stride];
            for (int j = 0; j < t; j++) sentLeafDigest(s, part.salts, SALT_WORDS * j, part.columns, j * colLen, b, part.setPaths, j * s.setPathBytes(), leaf, leaves, j * Hash.DIGEST_BYTES);
            MerkleTree.verify(hash, what, com.rootRef(), s.logMsg + params.logBlowup, qs, leaves, part.siblings);

            RsEncoder rs = RsEncoder.of(s.logMsg, params.logBlowup);
            // q on the whole domain in natural order (K + C <= 2L <= N coefficients): q(w_N^e) = qe[e]
            long[] qe0 = Arrays.copyOf(part.q0, s.width), qe1 = Arrays.copyOf(part.q1, s.width);
            Ntt.forward(qe0);
            Ntt.forward(qe1);
            long[] encU0 = rs.encode(Arrays.copyOf(part.u0, s.msgLen)), encU1 = rs.encode(Arrays.copyOf(part.u1, s.msgLen));
            ColumnForm form = new ColumnForm(s, terms, i);
            long[] r0 = ch.proximity[i][0], r1 = ch.proximity[i][1];
            for (int j = 0; j < t; j++) {
                int off = j * colLen, col = qs[j];
                GoldilocksExt2 prox = proximityDot(r0, r1, part.columns, off, s)
                        .add(GoldilocksExt2.of(part.columns[off + s.mask(M0)], part.columns[off + s.mask(M1)]));
                if (prox.c0 != encU0[col] || prox.c1 != encU1[col]) throw new VerificationException(what + ": column " + col + " fails the proximity check");

                int e = exponent(s, col);
                long eta = Goldilocks.pow(Goldilocks.rootOfUnity(Integer.numberOfTrailingZeros(s.width)), e);
                GoldilocksExt2 rhs = GoldilocksExt2.of(part.columns[off + s.mask(DLO0)], part.columns[off + s.mask(DLO1)])
                        .add(GoldilocksExt2.of(part.columns[off + s.mask(DHI0)], part.columns[off + s.mask(DHI1)]).mulBase(Goldilocks.pow(eta, s.cols)))
                        .add(form.at(part.columns, off, eta));
                GoldilocksExt2 lhs = GoldilocksExt2.of(qe0[e], qe1[e]);
                if (!lhs.equals(rhs)) throw new VerificationException(what + ": column " + col + " fails the evaluation check");
            }
        }
    }

    /** r . (the data rows, then the four D rows of the opening's mask set) on one opened column as sent: the proximity combination. */
    static GoldilocksExt2 proximityDot(long[] r0, long[] r1, long[] columns, int off, Shape s) {
        GoldilocksExt2 v = LigeroPcs.dotColumn(r0, r1, columns, off, s.rows);
        for (int i = 0; i < 4; i++) v = v.add(GoldilocksExt2.of(r0[s.rows + i], r1[s.rows + i]).mulBase(columns[off + s.mask(i)]));
        return v;
    }

    /**
     * The terms on one commitment as a function of an opened column at eta: sum_terms weight a(eta) (eqL . column) for
     * evaluation terms (grouped by high coordinates, one dot product each, and by low ones, one a(eta) each, O(log C))
     * and weight eta^(C-1-col) column[row] for entry terms (the weights of one entry summed first, then summed by col
     * and Horner's rule over col: a constraint proof has thousands of entry terms). The verifier's linear check and the
     * simulator share it.
     */
    static final class ColumnForm {
        private final Shape s;
        private final List<ExtVec> eqLs = new ArrayList<>();
        private final List<GoldilocksExt2[]> lows = new ArrayList<>();
        private final List<Term> evals = new ArrayList<>();
        private final int[] hi, lo;
        /** The entry terms grouped by column col (rows entryRow[colStart[col] ..]), the weights of one entry summed. */
        private final int[] entryRow, colStart;
        private final long[] entryW0, entryW1;

        ColumnForm(Shape s, List<Term> terms, int vector) {
            this.s = s;
            Map<Integer, GoldilocksExt2> entries = new TreeMap<>();
            for (Term term : terms) {
                if (term.vector != vector) continue;
                if (term.point == null) entries.merge(term.index, term.weight, GoldilocksExt2::add);
                else evals.add(term);
            }
            entryRow = new int[entries.size()];
            colStart = new int[s.cols + 1];
            entryW0 = new long[entries.size()];
            entryW1 = new long[entries.size()];
            for (int index : entries.keySet()) colStart[(index & (s.cols - 1)) + 1]++;
            for (int c = 0; c < s.cols; c++) colStart[c + 1] += colStart[c];
            int[] next = Arrays.copyOf(colStart, s.cols);
            for (Map.Entry<Integer, GoldilocksExt2> en : entries.entrySet()) {
                int e = next[en.getKey() & (s.cols - 1)]++;
                entryRow[e] = en.getKey() >>> s.logCols;
                entryW0[e] = en.getValue().c0;
                entryW1[e] = en.getValue().c1;
            }
            Map<List<GoldilocksExt2>, Integer> highIdx = new LinkedHashMap<>(), lowIdx = new LinkedHashMap<>();
            hi = new int[evals.size()];
            lo = new int[evals.size()];
            for (int x = 0; x < evals.size(); x++) {
                GoldilocksExt2[] p = evals.get(x).point;
                GoldilocksExt2[] high = Arrays.copyOfRange(p, s.logCols, p.length), low = Arrays.copyOf(p, s.logCols);
                hi[x] = highIdx.computeIfAbsent(List.of(high), key -> {
                    eqLs.add(Eq.table(high));
                    return eqLs.size() - 1;
                });
                lo[x] = lowIdx.computeIfAbsent(List.of(low), key -> {
                    lows.add(low);
                    return lows.size() - 1;
                });
            }
        }

        GoldilocksExt2 at(long[] columns, int off, long eta) {
            GoldilocksExt2[] dots = new GoldilocksExt2[eqLs.size()], as = new GoldilocksExt2[lows.size()];
            for (int g = 0; g < dots.length; g++) dots[g] = LigeroPcs.dotColumn(eqLs.get(g).c0, eqLs.get(g).c1, columns, off, s.rows);
            for (int g = 0; g < as.length; g++) as[g] = reversedEq(lows.get(g), eta, s.cols);
            GoldilocksExt2 v = GoldilocksExt2.ZERO;
            for (int x = 0; x < evals.size(); x++) v = v.add(evals.get(x).weight.mul(as[lo[x]]).mul(dots[hi[x]]));
            if (entryRow.length == 0) return v;
            // Horner over the columns, col 0 (power C - 1) first: each entry costs half a dot2Add per coordinate, not
            // a product with its power of eta and two more (the verifier's hot loop, in JavaScript a call each)
            long v0 = 0, v1 = 0;
            for (int c = 0; c < s.cols; c++) {
                long s0 = 0, s1 = 0;
                int e = colStart[c], end = colStart[c + 1];
                for (; e + 1 < end; e += 2) {
                    long x = columns[off + entryRow[e]], y = columns[off + entryRow[e + 1]];
                    s0 = Goldilocks.dot2Add(entryW0[e], x, entryW0[e + 1], y, s0);
                    s1 = Goldilocks.dot2Add(entryW1[e], x, entryW1[e + 1], y, s1);
                }
                if (e < end) {
                    long x = columns[off + entryRow[e]];
                    s0 = Goldilocks.mulAdd(entryW0[e], x, s0);
                    s1 = Goldilocks.mulAdd(entryW1[e], x, s1);
                }
                v0 = Goldilocks.mulAdd(v0, eta, s0);
                v1 = Goldilocks.mulAdd(v1, eta, s1);
            }
            return v.add(GoldilocksExt2.of(v0, v1));
        }
    }

    /** A simulated opening: the commitments, the proof and the programmed challenges it is accepted under. */
    record SimulatedOpening(List<LigeroCommitment> commitments, HidingLigeroProof proof, Challenges challenges) {}

    /**
     * The simulator of the hiding argument (HidingLigeroParams, LigeroConstraintParams), for tables of 2^numVars[i]
     * entries and the batched terms whose value is {@code target}, under the given gamma (the terms' weights already
     * carry it): challenges r and queries chosen first; q_i uniform with coefficients C_i - 1 uniform summing to target;
     * u_i uniform; per opened column the data and Dhi entries uniform, Dlo solved from the linear check and m from the
     * proximity check; unopened leaves random. No table is used.
     */
    SimulatedOpening simulateTerms(int[] numVars, List<Term> terms, GoldilocksExt2 target, GoldilocksExt2 gamma, java.util.random.RandomGenerator rnd) {
        int[] once = new int[numVars.length];
        Arrays.fill(once, 1);
        return simulateTerms(numVars, once, new int[numVars.length], terms, target, gamma, rnd);
    }

    /**
     * As above, for commitments of openings[i] openings opened with mask set sets[i]: the other sets' mask entries of
     * the opened columns are uniform as well (their masks are independent of this opening).
     */
    SimulatedOpening simulateTerms(int[] numVars, int[] openings, int[] sets, List<Term> terms, GoldilocksExt2 target, GoldilocksExt2 gamma,
            java.util.random.RandomGenerator rnd) {
        Blinding coins = Blinding.from(rnd);
        int m = numVars.length;
        List<LigeroCommitment> cs = new ArrayList<>();
        HidingLigeroProof.Part[] parts = new HidingLigeroProof.Part[m];
        long[][][] rs = new long[m][][];
        int[][] queries = new int[m][];
        GoldilocksExt2 rest = target;
        for (int i = 0; i < m; i++) {
            Shape s = new Shape(params, numVars[i], openings[i]);
            int colLen = s.columnLen(), b = sets[i], t = s.t;
            rs[i] = new long[2][s.rows + 4];
            coins.nextFields(rs[i][0]);
            coins.nextFields(rs[i][1]);
            java.util.TreeSet<Integer> qset = new java.util.TreeSet<>();
            while (qset.size() < t) qset.add(rnd.nextInt(s.width));
            queries[i] = qset.stream().mapToInt(Integer::intValue).toArray();
            long[] q0 = new long[s.k + s.cols], q1 = new long[s.k + s.cols], u0 = new long[s.k], u1 = new long[s.k];
            for (long[] v : new long[][] {q0, q1, u0, u1}) coins.nextFields(v);
            if (i == m - 1) {
                q0[s.cols - 1] = rest.c0;
                q1[s.cols - 1] = rest.c1;
            }
            rest = rest.sub(GoldilocksExt2.of(q0[s.cols - 1], q1[s.cols - 1]));
            RsEncoder rsEnc = RsEncoder.of(s.logMsg, params.logBlowup);
            long[] encU0 = rsEnc.encode(Arrays.copyOf(u0, s.msgLen)), encU1 = rsEnc.encode(Arrays.copyOf(u1, s.msgLen));
            ColumnForm form = new ColumnForm(s, terms, i);
            long[] columns = new long[t * colLen], salts = new long[SALT_WORDS * t], leaf = new long[s.stride];
            byte[] leaves = new byte[s.width * Hash.DIGEST_BYTES], paths = new byte[t * s.setPathBytes()];
            coins.nextBytes(leaves); // unopened leaves: salted digests look random
            coins.nextBytes(paths); // the other sets' subtrees: digests of uniform entries
            for (int j = 0; j < t; j++) {
                int off = j * colLen, col = queries[i][j];
                for (int x = 0; x < colLen; x++) columns[off + x] = coins.nextField(); // data and Dhi uniform; Dlo and m of set b follow
                long eta = point(s, col);
                GoldilocksExt2 dhi = GoldilocksExt2.of(columns[off + s.mask(DHI0)], columns[off + s.mask(DHI1)]);
                GoldilocksExt2 dlo = horner(q0, q1, eta).sub(form.at(columns, off, eta)).sub(dhi.mulBase(Goldilocks.pow(eta, s.cols)));
                columns[off + s.mask(DLO0)] = dlo.c0;
                columns[off + s.mask(DLO1)] = dlo.c1;
                GoldilocksExt2 mv = GoldilocksExt2.of(encU0[col], encU1[col]).sub(proximityDot(rs[i][0], rs[i][1], columns, off, s));
                columns[off + s.mask(M0)] = mv.c0;
                columns[off + s.mask(M1)] = mv.c1;
                salts[SALT_WORDS * j] = rnd.nextLong();
                salts[SALT_WORDS * j + 1] = rnd.nextLong();
                sentLeafDigest(s, salts, SALT_WORDS * j, columns, off, b, paths, j * s.setPathBytes(), leaf, leaves, col * Hash.DIGEST_BYTES);
            }
            MerkleTree tree = MerkleTree.fromLeafDigests(hash, leaves, s.width);
            parts[i] = new HidingLigeroProof.Part(b, openings[i], q0, q1, u0, u1, salts, columns, paths, tree.open(queries[i]));
            cs.add(new LigeroCommitment(numVars[i], tree.root(), openings[i]));
        }
        return new SimulatedOpening(cs, new HidingLigeroProof(parts), new Challenges(gamma, rs, queries));
    }

    /** The point of the domain at codeword position j in {@link RsEncoder}'s order: w_N^s w_L^rev(i), j = s L + i. */
    static long point(Shape s, int j) {
        return Goldilocks.pow(Goldilocks.rootOfUnity(Integer.numberOfTrailingZeros(s.width)), exponent(s, j));
    }

    /** The e with point(j) = w_N^e: e = s + 2^logBlowup rev(i) for j = s L + i. */
    static int exponent(Shape s, int j) {
        int i = j & (s.msgLen - 1), coset = j >>> s.logMsg;
        int rev = s.logMsg == 0 ? 0 : Integer.reverse(i) >>> (32 - s.logMsg);
        return coset + (rev << Integer.numberOfTrailingZeros(s.width / s.msgLen));
    }

    /** a(eta) = sum_k eqR(z)[k] eta^(C-1-k) = eta^(C-1) prod_b ((1 - z_b) + z_b eta^(-2^b)), in O(log C). */
    static GoldilocksExt2 reversedEq(GoldilocksExt2[] z, long eta, int c) {
        long pw = Goldilocks.inv(eta);
        GoldilocksExt2 acc = GoldilocksExt2.ofBase(Goldilocks.pow(eta, c - 1));
        for (GoldilocksExt2 zb : z) {
            acc = acc.mul(GoldilocksExt2.ONE.sub(zb).add(zb.mulBase(pw)));
            pw = Goldilocks.mul(pw, pw);
        }
        return acc;
    }

    /** q(eta) for extension coefficients q and a base-field point. */
    static GoldilocksExt2 horner(long[] q0, long[] q1, long eta) {
        long s0 = 0, s1 = 0;
        for (int i = q0.length - 1; i >= 0; i--) {
            s0 = Goldilocks.mulAdd(s0, eta, q0[i]);
            s1 = Goldilocks.mulAdd(s1, eta, q1[i]);
        }
        return GoldilocksExt2.of(s0, s1);
    }
}
