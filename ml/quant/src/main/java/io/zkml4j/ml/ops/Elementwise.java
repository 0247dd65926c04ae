package io.zkml4j.ml.ops;

import io.zkml4j.ml.ir.DType;
import io.zkml4j.ml.ir.Tensor;
import io.zkml4j.ml.quant.FixedPoint;
import java.util.function.DoubleBinaryOperator;
import java.util.function.DoubleUnaryOperator;
import java.util.function.LongBinaryOperator;
import java.util.function.LongUnaryOperator;

/** Broadcasting element-wise loops for the float and integer forwards. */
public final class Elementwise {
    private Elementwise() {}

    public static Tensor unary(Tensor a, DoubleUnaryOperator f) {
        double[] x = T.d(a);
        double[] r = new double[x.length];
        for (int i = 0; i < x.length; i++) r[i] = f.applyAsDouble(x[i]);
        return T.of(a.dtype(), a.shape(), r);
    }

    /** Float binary op with numpy broadcasting; the result has dtype {@code type} (null: a's dtype). */
    public static Tensor binary(Tensor a, Tensor b, DType type, DoubleBinaryOperator f, String where) {
        int[] out = Shapes.broadcast(a.shape(), b.shape(), where);
        double[] x = T.d(a);
        double[] y = T.d(b);
        int[] ia = Shapes.broadcastIndex(out, a.shape());
        int[] ib = Shapes.broadcastIndex(out, b.shape());
        int n = Shapes.size(out);
        double[] r = new double[n];
        for (int i = 0; i < n; i++) r[i] = f.applyAsDouble(x[ia == null ? i : ia[i]], y[ib == null ? i : ib[i]]);
        return T.of(type == null ? a.dtype() : type, out, r);
    }

    public static long[] unary(long[] x, LongUnaryOperator f) {
        long[] r = new long[x.length];
        for (int i = 0; i < x.length; i++) r[i] = f.applyAsLong(x[i]);
        return r;
    }

    /** Integer binary op with numpy broadcasting. */
    public static long[] binary(long[] a, int[] sa, long[] b, int[] sb, int[] out, LongBinaryOperator f) {
        int[] ia = Shapes.broadcastIndex(out, sa);
        int[] ib = Shapes.broadcastIndex(out, sb);
        int n = Shapes.size(out);
        long[] r = new long[n];
        if (ia == null && ib == null) {
            for (int i = 0; i < n; i++) r[i] = f.applyAsLong(a[i], b[i]);
        } else {
            for (int i = 0; i < n; i++) r[i] = f.applyAsLong(a[ia == null ? i : ia[i]], b[ib == null ? i : ib[i]]);
        }
        return r;
    }

    /** Kinds of the hot integer binary operations, with loops the JIT compiles without a call per element. */
    public enum Arith { ADD, SUB, MUL }

    /** a (op) b with numpy broadcasting, for the three hot operations. */
    public static long[] arith(Arith op, long[] a, int[] sa, long[] b, int[] sb, int[] out) {
        int[] ia = Shapes.broadcastIndex(out, sa);
        int[] ib = Shapes.broadcastIndex(out, sb);
        int n = Shapes.size(out);
        long[] r = new long[n];
        if (ia == null && ib == null) {
            switch (op) {
                case ADD -> { for (int i = 0; i < n; i++) r[i] = a[i] + b[i]; }
                case SUB -> { for (int i = 0; i < n; i++) r[i] = a[i] - b[i]; }
                default -> { for (int i = 0; i < n; i++) r[i] = a[i] * b[i]; }
            }
            return r;
        }
        if (b.length == 1 && ia == null) return withScalar(op, a, b[0], false);
        if (a.length == 1 && ib == null) return withScalar(op, b, a[0], true);
        long[] x = ia == null ? a : gather(a, ia);
        long[] y = ib == null ? b : gather(b, ib);
        return arith(op, x, out, y, out, out);
    }

    /** x (op) s, or s (op) x when {@code scalarFirst}: one operand broadcast from a single value. */
    private static long[] withScalar(Arith op, long[] x, long s, boolean scalarFirst) {
        long[] r = new long[x.length];
        switch (op) {
            case ADD -> { for (int i = 0; i < r.length; i++) r[i] = x[i] + s; }
            case SUB -> {
                if (scalarFirst) for (int i = 0; i < r.length; i++) r[i] = s - x[i];
                else for (int i = 0; i < r.length; i++) r[i] = x[i] - s;
            }
            default -> { for (int i = 0; i < r.length; i++) r[i] = x[i] * s; }
        }
        return r;
    }

    private static long[] gather(long[] x, int[] map) {
        long[] r = new long[map.length];
        for (int i = 0; i < map.length; i++) r[i] = x[map[i]];
        return r;
    }

    /** Broadcasts x of shape s to shape out (a copy along the index map). */
    public static long[] expand(long[] x, int[] s, int[] out) {
        int[] m = Shapes.broadcastIndex(out, s);
        if (m == null) return x;
        long[] r = new long[m.length];
        for (int i = 0; i < m.length; i++) r[i] = x[m[i]];
        return r;
    }

    /** Sign-aware round-half-up division of every a by the matching b (b != 0), see {@link FixedPoint#divRound}. */
    public static long divSigned(long a, long b, String where) {
        if (b == 0) throw new io.zkml4j.ml.ir.ModelException("division by zero at " + where);
        return b > 0 ? FixedPoint.divRound(a, b) : FixedPoint.divRound(-a, -b);
    }
}
