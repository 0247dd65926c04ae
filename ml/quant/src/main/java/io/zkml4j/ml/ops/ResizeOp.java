package io.zkml4j.ml.ops;

import io.zkml4j.ml.ir.ModelException;
import io.zkml4j.ml.ir.Node;
import io.zkml4j.ml.ir.Tensor;

/**
 * ONNX Resize in "nearest" mode (an index map), with every coordinate transformation and nearest
 * rounding mode; scales or sizes as inputs (opset 10: X, scales). Linear/cubic modes are not index-only
 * and are not supported.
 */
public final class ResizeOp extends IndexOp {
    @Override public String type() { return "Resize"; }

    @Override
    public Tensor[] forward(Node node, Tensor[] in) {
        String mode = node.attrString("mode", "nearest");
        if (!mode.equals("nearest")) throw new ModelException("Resize mode '" + mode + "' is not supported at " + node.describe() + " (only nearest)");
        int[] s = in[0].shape();
        int r = s.length;
        double[] scales = null;
        int[] out = new int[r];
        boolean opset10 = in.length == 2;
        Tensor sc = opset10 ? in[1] : (in.length > 2 ? in[2] : null);
        Tensor sz = in.length > 3 ? in[3] : null;
        if (sz != null && sz.size() > 0) {
            long[] v = T.l(sz);
            scales = new double[r];
            for (int i = 0; i < r; i++) {
                out[i] = (int) v[i];
                scales[i] = (double) out[i] / s[i];
            }
        } else if (sc != null && sc.size() > 0) {
            scales = T.d(sc);
            for (int i = 0; i < r; i++) out[i] = (int) Math.floor(s[i] * scales[i]);
        } else {
            throw new ModelException("Resize without scales or sizes at " + node.describe());
        }
        return new Tensor[] {nearest(in[0], out, scales, node.attrString("coordinate_transformation_mode", "half_pixel"),
                node.attrString("nearest_mode", "round_prefer_floor"), node.describe())};
    }

    /** Nearest-neighbour resampling shared with Upsample. */
    static Tensor nearest(Tensor x, int[] out, double[] scales, String ctm, String nm, String where) {
        int[] s = x.shape();
        int r = s.length;
        int[][] src = new int[r][];
        for (int d = 0; d < r; d++) {
            src[d] = new int[out[d]];
            for (int i = 0; i < out[d]; i++) {
                double c = switch (ctm) {
                    case "asymmetric" -> i / scales[d];
                    case "align_corners" -> out[d] == 1 ? 0 : i * (s[d] - 1.0) / (out[d] - 1.0);
                    case "pytorch_half_pixel" -> out[d] > 1 ? (i + 0.5) / scales[d] - 0.5 : 0;
                    case "tf_half_pixel_for_nearest" -> (i + 0.5) / scales[d];
                    case "half_pixel" -> (i + 0.5) / scales[d] - 0.5;
                    default -> throw new ModelException("coordinate_transformation_mode '" + ctm + "' not supported at " + where);
                };
                double v = switch (nm) {
                    case "floor" -> Math.floor(c);
                    case "ceil" -> Math.ceil(c);
                    case "round_prefer_ceil" -> Math.floor(c + 0.5);
                    default -> Math.ceil(c - 0.5); // round_prefer_floor
                };
                src[d][i] = (int) Math.max(0, Math.min(s[d] - 1, v));
            }
        }
        int[] str = Shapes.strides(s);
        int n = Shapes.size(out);
        int[] map = new int[n];
        int[] c = new int[r];
        for (int f = 0; f < n; f++) {
            int o = 0;
            for (int d = 0; d < r; d++) o += src[d][c[d]] * str[d];
            map[f] = o;
            for (int d = r - 1; d >= 0; d--) {
                if (++c[d] < out[d]) break;
                c[d] = 0;
            }
        }
        return T.gather(x, out, map, 0);
    }
}
