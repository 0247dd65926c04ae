package io.zkml4j.hash;

/**
 * Measures SHA-256 throughput of both implementations (a manual harness, not a test):
 * {@code java -cp core/hash/target/classes:core/hash/target/test-classes:<field jar> io.zkml4j.hash.HashThroughput}.
 * Reports the median of several runs, hashing field runs of 1024 elements (a typical Merkle leaf).
 */
public final class HashThroughput {
    public static void main(String[] args) {
        long[] data = new java.util.Random(1).longs(1 << 20).toArray(); // 8 MiB
        byte[] out = new byte[32];
        for (Hash h : new Hash[] {Sha256.INSTANCE, new JdkSha256()}) {
            double[] mbs = new double[25];
            for (int rep = 0; rep < mbs.length; rep++) {
                long t0 = System.nanoTime();
                for (int off = 0; off < data.length; off += 1024) h.hashFields((byte) 0, data, off, 1024, out, 0);
                long t1 = System.nanoTime();
                mbs[rep] = data.length * 8.0 / (1 << 20) / ((t1 - t0) / 1e9);
            }
            java.util.Arrays.sort(mbs);
            System.out.printf("%s %-10s median %.0f MB/s (min %.0f, max %.0f)%n", System.getProperty("java.version"),
                    h.getClass().getSimpleName(), mbs[mbs.length / 2], mbs[0], mbs[mbs.length - 1]);
        }
    }
}
