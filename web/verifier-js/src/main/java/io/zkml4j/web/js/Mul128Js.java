package io.zkml4j.web.js;

import io.zkml4j.field.Mul128;
import org.teavm.backend.javascript.rendering.Precedence;
import org.teavm.backend.javascript.spi.InjectedBy;
import org.teavm.backend.javascript.spi.Injector;
import org.teavm.backend.javascript.spi.InjectorContext;
import org.teavm.model.MethodReference;

/**
 * {@link Mul128} in JavaScript. TeaVM holds a long as a BigInt (signed, kept in range by BigInt.asIntN(64, ...)) and
 * materializes every long constant and intermediate through allocating calls, so the word-by-word product and
 * reduction cost dozens of BigInt operations (most of a zero-knowledge proof's verification in node); here each is one
 * exact BigInt expression on the unsigned values, written in place of the call (JSBody does not take longs). Results
 * are bit-identical (FieldCheck compares 240,000 of them with the JVM's); the file's header refuses an engine without
 * BigInt, where TeaVM would pass longs as objects.
 */
public final class Mul128Js {
    private Mul128Js() {}

    private static final String U = "BigInt.asUintN(64,";
    private static final String P = "18446744069414584321n";

    @InjectedBy(BigIntOps.class)
    public static native long unsignedHigh(long a, long b);

    public static long unsignedHighPortable(long a, long b) {
        return Mul128.Portable.high(a, b);
    }

    @InjectedBy(BigIntOps.class)
    public static native long mulModP(long a, long b);

    @InjectedBy(BigIntOps.class)
    public static native long reduceModP(long lo, long hi);

    /** Writes the three methods' expressions; arguments are evaluated once each, in Java's order. */
    public static final class BigIntOps implements Injector {
        @Override
        public void generate(InjectorContext c, MethodReference method) {
            String[] parts = switch (method.getName()) {
                case "unsignedHigh" -> new String[] {"BigInt.asIntN(64,(" + U, ")*" + U, "))>>64n)"};
                case "mulModP" -> new String[] {"BigInt.asIntN(64,(" + U, ")*" + U, "))%" + P + ")"};
                case "reduceModP" -> new String[] {"BigInt.asIntN(64,(" + U, ")|(" + U, ")<<64n))%" + P + ")"};
                default -> throw new IllegalArgumentException(method.toString());
            };
            c.getWriter().append(parts[0]);
            c.writeExpr(c.getArgument(0), Precedence.ASSIGNMENT);
            c.getWriter().append(parts[1]);
            c.writeExpr(c.getArgument(1), Precedence.ASSIGNMENT);
            c.getWriter().append(parts[2]);
        }
    }
}
