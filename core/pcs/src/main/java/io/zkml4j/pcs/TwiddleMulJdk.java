package io.zkml4j.pcs;

import io.zkml4j.field.Goldilocks;
import java.lang.invoke.MethodHandle;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.MethodType;

/**
 * {@link TwiddleMul} through {@code Math.unsignedMultiplyHigh} (JDK 18+), reached by a constant method handle, which C2
 * inlines into the loop; constructing it fails on JDK 17, and {@link TwiddleMul} then multiplies itself.
 */
final class TwiddleMulJdk extends TwiddleMul {
    private static final MethodHandle HIGH;

    static {
        try {
            HIGH = MethodHandles.lookup().findStatic(Math.class, "unsignedMultiplyHigh", MethodType.methodType(long.class, long.class, long.class));
        } catch (ReflectiveOperationException e) {
            throw new ExceptionInInitializerError(e);
        }
    }

    @Override
    void mulInto(long[] dst, int d, long[] x, int xo, long[] w, int wo, int n) {
        try {
            for (int j = 0; j < n; j++) {
                long a = x[xo + j], b = w[wo + j];
                dst[d + j] = Goldilocks.reduce128(a * b, (long) HIGH.invokeExact(a, b));
            }
        } catch (Throwable e) { // unsignedMultiplyHigh throws nothing
            throw new AssertionError(e);
        }
    }
}
