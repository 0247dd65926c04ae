package io.zkml4j.hash;

/**
 * Chooses the SHA-256 implementation: the MessageDigest-backed {@link JdkSha256} when the platform has
 * it (HotSpot, Android), else the pure-Java {@link Sha256} (TeaVM). Both compute the same function, so a
 * proof made with one verifies with the other. The JDK class is loaded by name so that ahead-of-time
 * compilers that lack MessageDigest never see a static reference to it. Setting the system property
 * {@code zkml4j.hash.pure=true} forces the pure-Java path (for measurements and tests).
 */
public final class Hashes {
    private Hashes() {}

    private static final Hash SHA256 = chooseSha256();

    /** The SHA-256 implementation for this platform. */
    public static Hash sha256() {
        return SHA256;
    }

    private static Hash chooseSha256() {
        if (!"true".equals(propertyOrNull("zkml4j.hash.pure"))) {
            try {
                Object h = Class.forName("io.zkml4j.hash.JdkSha256").getDeclaredConstructor().newInstance();
                return (Hash) h;
            } catch (Throwable e) {
                // No MessageDigest or no reflection on this platform: fall through to the portable one.
            }
        }
        return Sha256.INSTANCE;
    }

    private static String propertyOrNull(String key) {
        try {
            return System.getProperty(key);
        } catch (RuntimeException e) {
            return null;
        }
    }
}
