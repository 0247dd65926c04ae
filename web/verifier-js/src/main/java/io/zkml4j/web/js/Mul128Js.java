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
 * reduction cost dozens of BigInt operations (most of a zero-knowledge proof's verification in node); here each is a
 * call of src/main/js/field.js (WebAssembly on i64, or one exact BigInt expression on the unsigned values), written in
 * place of the call (JSBody does not take longs). Results are bit-identical (FieldCheck compares them with the JVM's);
 * the file's header refuses an engine without BigInt, where TeaVM would pass longs as objects.
 */
public final class Mul128Js {
    private Mul128Js() {}

    @InjectedBy(BigIntOps.class)
    public static native long unsignedHigh(long a, long b);

    public static long unsignedHighPortable(long a, long b) {
        return Mul128.Portable.high(a, b);
    }

    @InjectedBy(BigIntOps.class)
    public static native long mulModP(long a, long b);

    @InjectedBy(BigIntOps.class)
    public static native long reduceModP(long lo, long hi);

    /** Writes a call of the function in src/main/js/field.js (WebAssembly, or one BigInt expression each). */
    public static final class BigIntOps implements Injector {
        @Override
        public void generate(InjectorContext c, MethodReference method) {
            String f = switch (method.getName()) {
                case "unsignedHigh" -> "zkml4j$unsignedHigh(";
                case "mulModP" -> "zkml4j$mul(";
                case "reduceModP" -> "zkml4j$reduce128(";
                default -> throw new IllegalArgumentException(method.toString());
            };
            c.getWriter().append(f);
            c.writeExpr(c.getArgument(0), Precedence.ASSIGNMENT);
            c.getWriter().append(",");
            c.writeExpr(c.getArgument(1), Precedence.ASSIGNMENT);
            c.getWriter().append(")");
        }
    }
}
