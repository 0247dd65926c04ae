package io.zkml4j.web.js;

import io.zkml4j.field.Mul128;

/** {@link Mul128} in JavaScript: TeaVM has no Math.multiplyHigh, so the portable 32-bit-limb product. */
public final class Mul128Js {
    private Mul128Js() {}

    public static long unsignedHigh(long a, long b) {
        return Mul128.Portable.high(a, b);
    }

    public static long unsignedHighPortable(long a, long b) {
        return Mul128.Portable.high(a, b);
    }
}
