package io.zkml4j.hash;

import io.zkml4j.transcript.VerificationException;
import java.util.Arrays;
import java.util.stream.IntStream;

/**
 * A binary Merkle tree over 2^depth leaves, with batch openings whose shared siblings are sent once.
 *
 * <p>Security guarantee: binding under collision resistance of the {@link Hash}. Leaves and nodes are
 * domain separated: a leaf digest is H(0x00 || leaf contents) ({@link #leafDigest}), an inner node is
 * H(0x01 || left || right), so an inner node can never be presented as a leaf (or vice versa) without a
 * collision between the two tagged domains. The depth is fixed by the verifier, never read from a proof.
 *
 * <p>Layout: one flat byte array of 2 * leaves digests in heap order (node 1 the root, node i has
 * children 2i and 2i+1, leaf j is node leaves + j), so building allocates once.
 *
 * <p>Batch openings ({@link #open}) take strictly increasing leaf indices; {@link #distinctSorted} maps
 * a list of sampled query indices (which may repeat) to that form. The opening lists, level by level
 * from the leaves up and within a level by increasing node index, exactly the siblings that cannot be
 * computed from the opened leaves; the verifier recomputes the same list of needed positions and
 * rejects a proof with any other number of digests.
 */
public final class MerkleTree {
    public static final byte LEAF_TAG = 0x00;
    public static final byte NODE_TAG = 0x01;
    private static final int D = Hash.DIGEST_BYTES;
    /** Below this many nodes per level, hashing stays on the calling thread. */
    private static final int PARALLEL_THRESHOLD = 1 << 10;

    private final Hash hash;
    private final int depth;
    private final byte[] nodes;

    private MerkleTree(Hash hash, int depth, byte[] nodes) {
        this.hash = hash;
        this.depth = depth;
        this.nodes = nodes;
    }

    /**
     * The tree over {@code numLeaves} (a power of two) leaves whose digests are already in
     * leafDigests[32 j, 32 j + 32) (computed with {@link #leafDigest} or {@link #leafDigests}).
     */
    public static MerkleTree fromLeafDigests(Hash hash, byte[] leafDigests, int numLeaves) {
        int depth = depthOf(numLeaves);
        if (leafDigests.length != (long) numLeaves * D) {
            throw new IllegalArgumentException("leaf digest array holds " + leafDigests.length + " bytes, expected " + (long) numLeaves * D);
        }
        byte[] nodes = new byte[Math.multiplyExact(2 * numLeaves, D)];
        System.arraycopy(leafDigests, 0, nodes, numLeaves * D, leafDigests.length);
        for (int level = numLeaves / 2; level >= 1; level /= 2) {
            final int start = level;
            IntStream range = IntStream.range(start, 2 * start);
            if (start >= PARALLEL_THRESHOLD) range = range.parallel();
            range.forEach(i -> hash.compress(NODE_TAG, nodes, 2 * i * D, nodes, (2 * i + 1) * D, nodes, i * D));
        }
        return new MerkleTree(hash, depth, nodes);
    }

    /** Leaf digests of the {@code numLeaves} consecutive runs of {@code leafLen} field elements in data (in parallel). */
    public static byte[] leafDigests(Hash hash, long[] data, int leafLen, int numLeaves) {
        if ((long) leafLen * numLeaves > data.length) throw new IllegalArgumentException("data too short for " + numLeaves + " leaves of " + leafLen);
        byte[] out = new byte[Math.multiplyExact(numLeaves, D)];
        IntStream.range(0, numLeaves).parallel().forEach(j -> hash.hashFields(LEAF_TAG, data, j * leafLen, leafLen, out, j * D));
        return out;
    }

    /** The digest of one leaf holding arbitrary bytes: H(0x00 || data). */
    public static byte[] leafDigestOfBytes(Hash hash, byte[] data) {
        byte[] tagged = new byte[data.length + 1];
        tagged[0] = LEAF_TAG;
        System.arraycopy(data, 0, tagged, 1, data.length);
        return hash.hash(tagged);
    }

    /** The digest of one leaf holding the field elements v[off, off + len). */
    public static byte[] leafDigest(Hash hash, long[] v, int off, int len) {
        byte[] out = new byte[D];
        hash.hashFields(LEAF_TAG, v, off, len, out, 0);
        return out;
    }

    /** The leaf digests, leaf j at [32 j, 32 j + 32) (what {@link #fromLeafDigests} rebuilds the tree from). */
    public byte[] leafDigests() {
        int n = 1 << depth;
        return Arrays.copyOfRange(nodes, n * D, 2 * n * D);
    }

    /** Whether leaf j's digest is {@code digest} (32 bytes at digest[off]). */
    public boolean leafEquals(int j, byte[] digest, int off) {
        if (j < 0 || j >= (1 << depth)) throw new IllegalArgumentException("leaf " + j + " of " + (1 << depth));
        return constantTimeEquals(nodes, ((1 << depth) + j) * D, digest, off);
    }

    public byte[] root() {
        return Arrays.copyOfRange(nodes, D, 2 * D);
    }

    public int depth() {
        return depth;
    }

    public int numLeaves() {
        return 1 << depth;
    }

    /** The opened siblings for the strictly increasing leaf indices, as a flat array of digests. */
    public byte[] open(int[] indices) {
        checkIndices(indices, depth, IllegalArgumentException::new);
        int n = 1 << depth;
        int count = 0;
        byte[] out = new byte[Math.multiplyExact(siblingBound(indices.length, depth), D)];
        int[] cur = new int[indices.length];
        for (int i = 0; i < indices.length; i++) cur[i] = n + indices[i];
        int len = cur.length;
        for (int level = 0; level < depth; level++) {
            int next = 0;
            for (int i = 0; i < len; i++) {
                int node = cur[i];
                int sib = node ^ 1;
                if (i + 1 < len && cur[i + 1] == sib) {
                    i++; // both children known: no sibling needed
                } else {
                    System.arraycopy(nodes, sib * D, out, count * D, D);
                    count++;
                }
                cur[next++] = node >>> 1;
            }
            len = next;
        }
        return Arrays.copyOf(out, count * D);
    }

    /** Number of sibling digests an opening of these strictly increasing indices holds. */
    public static int siblingCount(int[] indices, int depth) {
        checkIndices(indices, depth, IllegalArgumentException::new);
        int[] cur = indices.clone();
        int len = cur.length, count = 0;
        for (int level = 0; level < depth; level++) {
            int next = 0;
            for (int i = 0; i < len; i++) {
                if (i + 1 < len && cur[i + 1] == (cur[i] ^ 1)) i++;
                else count++;
                cur[next++] = cur[i] >>> 1;
            }
            len = next;
        }
        return count;
    }

    /** An upper bound on {@link #siblingCount} for k indices (used to bound decoding). */
    public static int siblingBound(int k, int depth) {
        return (int) Math.min(Integer.MAX_VALUE / D, (long) k * depth);
    }

    /**
     * Checks that the leaves with the given digests sit at the given strictly increasing indices of the
     * depth-{@code depth} tree with this root, using the opening {@code siblings}; throws
     * {@link VerificationException} naming the failed check otherwise. {@code what} names the tree in
     * messages.
     */
    public static void verify(Hash hash, String what, byte[] root, int depth, int[] indices, byte[] leafDigests, byte[] siblings) {
        if (root.length != D) throw new VerificationException(what + ": Merkle root has " + root.length + " bytes");
        checkIndices(indices, depth, msg -> new VerificationException(what + ": " + msg));
        int k = indices.length;
        if (leafDigests.length != (long) k * D) throw new VerificationException(what + ": " + leafDigests.length / D + " leaf digests for " + k + " indices");
        int expected = siblingCount(indices, depth);
        if (siblings.length != (long) expected * D) {
            throw new VerificationException(what + ": Merkle opening has " + siblings.length / D + " sibling digests (" + siblings.length
                    + " bytes), expected " + expected);
        }
        int n = 1 << depth;
        int[] cur = new int[k];
        byte[] val = leafDigests.clone();
        for (int i = 0; i < k; i++) cur[i] = n + indices[i];
        int len = k, s = 0;
        byte[] outBuf = new byte[D];
        for (int level = 0; level < depth; level++) {
            int next = 0;
            for (int i = 0; i < len; i++) {
                int node = cur[i];
                if (i + 1 < len && cur[i + 1] == (node ^ 1)) {
                    // node is a left child and its sibling is the next known node
                    hash.compress(NODE_TAG, val, i * D, val, (i + 1) * D, outBuf, 0);
                    i++;
                } else if ((node & 1) == 0) {
                    hash.compress(NODE_TAG, val, i * D, siblings, s * D, outBuf, 0);
                    s++;
                } else {
                    hash.compress(NODE_TAG, siblings, s * D, val, i * D, outBuf, 0);
                    s++;
                }
                System.arraycopy(outBuf, 0, val, next * D, D);
                cur[next++] = node >>> 1;
            }
            len = next;
        }
        // After depth levels exactly one node (the root, index 1) remains.
        if (!constantTimeEquals(val, 0, root)) throw new VerificationException(what + ": Merkle root mismatch");
    }

    /** The distinct values of idx in increasing order (the form {@link #open} and {@link #verify} take). */
    public static int[] distinctSorted(int[] idx) {
        int[] s = idx.clone();
        Arrays.sort(s);
        int m = 0;
        for (int i = 0; i < s.length; i++) if (i == 0 || s[i] != s[i - 1]) s[m++] = s[i];
        return Arrays.copyOf(s, m);
    }

    private static int depthOf(int numLeaves) {
        if (numLeaves < 1 || Integer.bitCount(numLeaves) != 1) {
            throw new IllegalArgumentException("Merkle tree needs a power-of-two number of leaves, got " + numLeaves);
        }
        return Integer.numberOfTrailingZeros(numLeaves);
    }

    private static void checkIndices(int[] indices, int depth, java.util.function.Function<String, RuntimeException> err) {
        if (depth < 0 || depth > 30) throw err.apply("Merkle depth " + depth + " out of range");
        if (indices.length == 0) throw err.apply("empty Merkle opening");
        long n = 1L << depth;
        for (int i = 0; i < indices.length; i++) {
            if (indices[i] < 0 || indices[i] >= n) throw err.apply("leaf index " + indices[i] + " out of range [0, " + n + ")");
            if (i > 0 && indices[i] <= indices[i - 1]) {
                throw err.apply(indices[i] == indices[i - 1] ? "duplicate leaf index " + indices[i] : "leaf indices not increasing at " + indices[i]);
            }
        }
    }

    private static boolean constantTimeEquals(byte[] a, int aOff, byte[] b) {
        return constantTimeEquals(a, aOff, b, 0);
    }

    private static boolean constantTimeEquals(byte[] a, int aOff, byte[] b, int bOff) {
        int diff = 0;
        for (int i = 0; i < D; i++) diff |= a[aOff + i] ^ b[bOff + i];
        return diff == 0;
    }
}
