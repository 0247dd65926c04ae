package io.zkml4j.ml.ops;

import io.zkml4j.ml.ir.ModelException;
import io.zkml4j.ml.ir.Node;
import io.zkml4j.ml.ir.Tensor;
import io.zkml4j.ml.quant.FixedPoint;
import io.zkml4j.ml.quant.QNode;
import io.zkml4j.ml.quant.QuantContext;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * ONNX Einsum (opset 12) for one or two operands: explicit ("ij,jk->ik") and implicit ("ij,jk")
 * forms, "..." for broadcast batch dimensions, repeated indices within an operand (diagonals).
 * The integer forward is MatMul's: the exact sum of products at s_A + s_B (one operand: s_A) and
 * one rescale to the output scale.
 */
public final class EinsumOp implements Op {
    @Override public String type() { return "Einsum"; }

    /**
     * Index plan: the output shape, for every operand the offset of each output position
     * ({@code outOff[i][o]}) and of each tuple of contracted indices ({@code sumOff[i][c]}); the
     * element read for (o, c) is {@code x_i[outOff[i][o] + sumOff[i][c]]}.
     */
    record Plan(int[] outShape, int[][] outOff, int[][] sumOff) {
        int terms() { return sumOff[0].length; }
    }

    /** One term of the equation: its letters, and where "..." stands among them (-1: none). */
    private record Term(String letters, int ellipsisAt) {}

    private static ModelException bad(String eq, String where, String why) {
        return new ModelException(where + ": Einsum equation '" + eq + "' " + why);
    }

    private static Term term(String t, String eq, String where) {
        int e = t.indexOf("...");
        String letters = e < 0 ? t : t.substring(0, e) + t.substring(e + 3);
        for (char c : letters.toCharArray()) {
            if (!(c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z')) throw bad(eq, where, "has an invalid character '" + c + "' in term '" + t + "'");
        }
        return new Term(letters, e < 0 ? -1 : e);
    }

    static Plan plan(String equation, int[][] shapes, String where) {
        String eq = equation.replaceAll("\\s", "");
        if (shapes.length < 1 || shapes.length > 2) {
            throw new ModelException(where + ": Einsum with " + shapes.length + " operands ('" + equation + "') is not supported (one or two)");
        }
        int arrow = eq.indexOf("->");
        String lhs = arrow < 0 ? eq : eq.substring(0, arrow);
        String[] parts = lhs.split(",", -1);
        if (parts.length != shapes.length) throw bad(equation, where, "has " + parts.length + " input terms for " + shapes.length + " operands");
        Term[] in = new Term[parts.length];
        int ell = 0; // rank of the broadcast "..." dimensions
        for (int i = 0; i < parts.length; i++) {
            in[i] = term(parts[i], equation, where);
            int extra = shapes[i].length - in[i].letters.length();
            if (in[i].ellipsisAt < 0 ? extra != 0 : extra < 0) {
                throw bad(equation, where, "term '" + parts[i] + "' does not match operand " + i + " of rank " + shapes[i].length);
            }
            if (in[i].ellipsisAt >= 0) ell = Math.max(ell, extra);
        }
        // Labels: 0..ell-1 are the "..." dimensions, then one per letter.
        int[] letterLabel = new int[128];
        Arrays.fill(letterLabel, -1);
        int[] count = new int[128];
        List<Integer> sizes = new ArrayList<>();
        for (int k = 0; k < ell; k++) sizes.add(1);
        int[][] dimLabel = new int[parts.length][];
        for (int i = 0; i < parts.length; i++) {
            Term t = in[i];
            int[] s = shapes[i];
            int extra = s.length - t.letters.length();
            dimLabel[i] = new int[s.length];
            int d = 0;
            for (int p = 0; p <= t.letters.length(); p++) {
                if (p == t.ellipsisAt) {
                    for (int k = 0; k < extra; k++, d++) {
                        int label = ell - extra + k;
                        dimLabel[i][d] = label;
                        int cur = sizes.get(label);
                        if (cur != s[d] && cur != 1 && s[d] != 1) {
                            throw bad(equation, where, "has \"...\" dimensions that do not broadcast: " + Arrays.toString(s));
                        }
                        if (s[d] != 1) sizes.set(label, s[d]);
                    }
                }
                if (p == t.letters.length()) break;
                char c = t.letters.charAt(p);
                count[c]++;
                if (letterLabel[c] < 0) {
                    letterLabel[c] = sizes.size();
                    sizes.add(s[d]);
                } else if (sizes.get(letterLabel[c]) != s[d]) {
                    throw bad(equation, where, "gives index '" + c + "' sizes " + sizes.get(letterLabel[c]) + " and " + s[d]);
                }
                dimLabel[i][d++] = letterLabel[c];
            }
        }
        List<Integer> outLabels = new ArrayList<>();
        if (arrow >= 0) {
            String rhs = eq.substring(arrow + 2);
            Term t = term(rhs, equation, where);
            boolean[] seen = new boolean[128];
            for (int p = 0; p <= t.letters.length(); p++) {
                if (p == t.ellipsisAt) for (int k = 0; k < ell; k++) outLabels.add(k);
                if (p == t.letters.length()) break;
                char c = t.letters.charAt(p);
                if (letterLabel[c] < 0) throw bad(equation, where, "has output index '" + c + "' that no input has");
                if (seen[c]) throw bad(equation, where, "repeats output index '" + c + "'");
                seen[c] = true;
                outLabels.add(letterLabel[c]);
            }
        } else {
            for (int k = 0; k < ell; k++) outLabels.add(k);
            for (char c = 0; c < 128; c++) if (count[c] == 1) outLabels.add(letterLabel[c]); // ascending letters
        }
        List<Integer> sumLabels = new ArrayList<>();
        for (int l = 0; l < sizes.size(); l++) if (!outLabels.contains(l)) sumLabels.add(l);

        int[] outShape = new int[outLabels.size()];
        for (int k = 0; k < outShape.length; k++) outShape[k] = sizes.get(outLabels.get(k));
        int[][] outOff = new int[parts.length][], sumOff = new int[parts.length][];
        for (int i = 0; i < parts.length; i++) {
            // Stride of each label in operand i: repeated letters add up (a diagonal), broadcast dims read 0.
            int[] labelStride = new int[sizes.size()];
            int[] st = Shapes.strides(shapes[i]);
            for (int d = 0; d < st.length; d++) if (shapes[i][d] != 1) labelStride[dimLabel[i][d]] += st[d];
            outOff[i] = offsets(outLabels, sizes, labelStride);
            sumOff[i] = offsets(sumLabels, sizes, labelStride);
        }
        return new Plan(outShape, outOff, sumOff);
    }

    /** Offsets of all index tuples over {@code labels} (row-major), given each label's stride. */
    private static int[] offsets(List<Integer> labels, List<Integer> sizes, int[] labelStride) {
        int[] dims = new int[labels.size()];
        for (int k = 0; k < dims.length; k++) dims[k] = sizes.get(labels.get(k));
        int n = Shapes.size(dims);
        int[] off = new int[n];
        int[] idx = new int[dims.length];
        int cur = 0;
        for (int f = 0; f < n; f++) {
            off[f] = cur;
            for (int d = dims.length - 1; d >= 0; d--) {
                int s = labelStride[labels.get(d)];
                idx[d]++;
                cur += s;
                if (idx[d] < dims[d]) break;
                cur -= s * idx[d];
                idx[d] = 0;
            }
        }
        return off;
    }

    private static String equation(Node node) {
        String eq = node.attrString("equation", null);
        if (eq == null) throw new ModelException(node.describe() + ": Einsum lacks its 'equation' attribute");
        return eq;
    }

    @Override
    public Tensor[] forward(Node node, Tensor[] in) {
        int[][] shapes = new int[in.length][];
        for (int i = 0; i < in.length; i++) shapes[i] = in[i].shape();
        Plan p = plan(equation(node), shapes, node.describe());
        double[] a = T.d(in[0]);
        double[] b = in.length > 1 ? T.d(in[1]) : null;
        int[] ao = p.outOff[0], as = p.sumOff[0];
        double[] c = new double[ao.length];
        for (int o = 0; o < c.length; o++) {
            double s = 0;
            if (b == null) {
                for (int t = 0; t < as.length; t++) s += a[ao[o] + as[t]];
            } else {
                int bo = p.outOff[1][o];
                int[] bs = p.sumOff[1];
                for (int t = 0; t < as.length; t++) s += a[ao[o] + as[t]] * b[bo + bs[t]];
            }
            c[o] = s;
        }
        return new Tensor[] {T.of(in[0].dtype(), p.outShape, c)};
    }

    @Override
    public void quantize(QuantContext ctx) {
        String eq = equation(ctx.node());
        int n = ctx.numInputs();
        int[][] shapes = new int[n][];
        for (int i = 0; i < n; i++) shapes[i] = ctx.inShape(i);
        plan(eq, shapes, ctx.where()); // rejects a malformed equation at compile time
        ctx.q().strings.put("equation", eq);
        int[] s = ctx.useAll();
        if (n == 2) {
            int sa = ctx.isConst(0) ? s[0] : Operands.cap(ctx, 0, s[1]);
            if (!ctx.isConst(1)) Operands.cap(ctx, 1, sa);
        }
        ctx.setOutScale(0, ctx.defaultOutScale(0));
    }

    @Override
    public long[][] run(QNode q, long[][] in) {
        if (!(q.cache instanceof Plan)) {
            String eq = q.strings.get("equation");
            if (eq == null) throw new ModelException("quantized " + q.describe() + " lacks parameter equation");
            q.cache = plan(eq, q.inShapes, q.describe());
        }
        Plan p = (Plan) q.cache;
        long[] a = Operands.get(q, in[0], 0);
        int[] ao = p.outOff[0], as = p.sumOff[0];
        long[] c = new long[ao.length];
        int sAcc = Operands.scale(q, 0);
        if (in.length == 1) {
            FixedPoint.checkProduct(FixedPoint.maxAbs(a), 1, p.terms(), q.describe());
            for (int o = 0; o < c.length; o++) {
                long s = 0;
                for (int t = 0; t < as.length; t++) s += a[ao[o] + as[t]];
                c[o] = s;
            }
        } else {
            long[] b = Operands.get(q, in[1], 1);
            sAcc += Operands.scale(q, 1);
            FixedPoint.checkProduct(FixedPoint.maxAbs(a), FixedPoint.maxAbs(b), p.terms(), q.describe());
            int[] bo = p.outOff[1], bs = p.sumOff[1];
            for (int o = 0; o < c.length; o++) {
                long s = 0;
                int oa = ao[o], ob = bo[o];
                for (int t = 0; t < as.length; t++) s += a[oa + as[t]] * b[ob + bs[t]];
                c[o] = s;
            }
        }
        return new long[][] {FixedPoint.requantInPlace(c, sAcc, q.outScales[0])};
    }
}
