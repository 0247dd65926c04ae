package io.zkml4j.pcs;

import io.zkml4j.field.Goldilocks;
import java.security.SecureRandom;
import java.util.random.RandomGenerator;

/**
 * The randomness a commitment scheme hides with, passed in by the caller: {@link #NONE} for data that is public or
 * only needs binding (the commitment is then a deterministic function of the data, so anyone holding the data can
 * recompute it), or a source of fresh randomness. Production callers use {@link #fresh()} ({@link SecureRandom});
 * tests may pass a seeded generator to reproduce a transcript, never a release path.
 */
public final class Blinding {
    /** Binding only: nothing is hidden. */
    public static final Blinding NONE = new Blinding(null);

    private final RandomGenerator random;

    private Blinding(RandomGenerator random) {
        this.random = random;
    }

    /** Hiding, with randomness from a new {@link SecureRandom}. */
    public static Blinding fresh() {
        return new Blinding(new SecureRandom());
    }

    /** Hiding, with randomness from {@code random} (tests reproduce transcripts with a seeded one). */
    public static Blinding from(RandomGenerator random) {
        if (random == null) throw new IllegalArgumentException("null randomness: use Blinding.NONE for a binding-only commitment");
        return new Blinding(random);
    }

    public boolean hiding() {
        return random != null;
    }

    /** A uniform canonical field element (rejection sampling: no bias toward small values). */
    public long nextField() {
        if (random == null) throw new IllegalStateException("a binding-only commitment draws no randomness");
        while (true) {
            long v = random.nextLong();
            if (Goldilocks.isCanonical(v)) return v;
        }
    }

    /** Uniform bytes (leaf salts). */
    public void nextBytes(byte[] out) {
        if (random == null) throw new IllegalStateException("a binding-only commitment draws no randomness");
        random.nextBytes(out);
    }
}
