package io.zkml4j.hash;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.nio.ByteOrder;
import java.security.DigestException;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;

/**
 * SHA-256 through {@link MessageDigest}, whose compression HotSpot replaces by the CPU's SHA
 * instructions (SHA-NI here) when present: the prover's fast path. Same digests as {@link Sha256}.
 * Referenced only by name from {@link Hashes}, so builds without MessageDigest (TeaVM) never link it.
 */
public final class JdkSha256 implements Hash {
    private static final VarHandle LONG_LE = MethodHandles.byteArrayViewVarHandle(long[].class, ByteOrder.LITTLE_ENDIAN);
    /** Field elements are staged through a scratch buffer this many at a time. */
    private static final int CHUNK_LONGS = 512;

    private static final class State {
        final MessageDigest md;
        final byte[] scratch = new byte[1 + 8 * CHUNK_LONGS];

        State() {
            try {
                md = MessageDigest.getInstance("SHA-256");
            } catch (NoSuchAlgorithmException e) {
                throw new IllegalStateException("SHA-256 not available from MessageDigest", e);
            }
        }
    }

    private static final ThreadLocal<State> STATE = ThreadLocal.withInitial(State::new);

    /**
     * The thread's digest, reset: a call that threw half-way (e.g. a field run past its array after whole chunks
     * were fed) must not leave its bytes in front of the next digest computed on this thread.
     */
    private static State fresh() {
        State s = STATE.get();
        s.md.reset();
        return s;
    }

    public JdkSha256() {
        STATE.get(); // fail at construction, not on first use, if the provider is missing
    }

    @Override
    public String name() {
        return "sha256";
    }

    @Override
    public void hash(byte[] data, int off, int len, byte[] out, int outOff) {
        MessageDigest md = fresh().md;
        md.update(data, off, len);
        finish(md, out, outOff);
    }

    @Override
    public void hashFields(byte tag, long[] v, int off, int len, byte[] out, int outOff) {
        State s = fresh();
        byte[] buf = s.scratch;
        buf[0] = tag;
        int pos = 1;
        int end = off + len;
        for (int i = off; i < end; ) {
            int n = Math.min(CHUNK_LONGS, end - i);
            for (int k = 0; k < n; k++) LONG_LE.set(buf, pos + 8 * k, v[i + k]);
            s.md.update(buf, 0, pos + 8 * n);
            pos = 0;
            i += n;
        }
        if (pos == 1) s.md.update(buf, 0, 1); // empty run: the tag alone
        finish(s.md, out, outOff);
    }

    @Override
    public void compress(byte tag, byte[] left, int leftOff, byte[] right, int rightOff, byte[] out, int outOff) {
        MessageDigest md = fresh().md;
        md.update(tag);
        md.update(left, leftOff, DIGEST_BYTES);
        md.update(right, rightOff, DIGEST_BYTES);
        finish(md, out, outOff);
    }

    private static void finish(MessageDigest md, byte[] out, int outOff) {
        try {
            md.digest(out, outOff, DIGEST_BYTES);
        } catch (DigestException e) {
            throw new IllegalStateException(e);
        }
    }
}
