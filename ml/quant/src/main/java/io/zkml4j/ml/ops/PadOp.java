package io.zkml4j.ml.ops;

import io.zkml4j.ml.ir.ModelException;
import io.zkml4j.ml.ir.Node;
import io.zkml4j.ml.ir.Tensor;

/** ONNX Pad: modes constant, reflect, edge, wrap; pads/value as attributes before opset 11, inputs after (axes from 18). */
public final class PadOp extends IndexOp {
    @Override public String type() { return "Pad"; }

    @Override
    public Tensor[] forward(Node node, Tensor[] in) {
        int[] s = in[0].shape();
        int r = s.length;
        long[] p = Args.ints(node, in, 1, node.hasAttr("pads") ? "pads" : "paddings");
        double value = Args.present(in, 2) ? in[2].getAsDouble(0) : node.attrFloat("value", 0f);
        long[] pads = new long[2 * r];
        if (Args.present(in, 3)) {
            int[] axes = Args.axes(T.l(in[3]), r, node.describe());
            for (int k = 0; k < axes.length; k++) {
                pads[axes[k]] = p[k];
                pads[axes[k] + r] = p[k + axes.length];
            }
        } else {
            if (p.length != 2 * r) throw new ModelException("pads of length " + p.length + " for rank " + r + " at " + node.describe());
            pads = p;
        }
        String mode = node.attrString("mode", "constant");
        int[] out = new int[r];
        for (int i = 0; i < r; i++) out[i] = (int) (s[i] + pads[i] + pads[i + r]);
        int[] str = Shapes.strides(s);
        int n = Shapes.size(out);
        int[] map = new int[n];
        int[] c = new int[r];
        for (int f = 0; f < n; f++) {
            int src = 0;
            boolean fill = false;
            for (int d = 0; d < r; d++) {
                long x = c[d] - pads[d];
                int dim = s[d];
                if (x < 0 || x >= dim) {
                    switch (mode) {
                        case "constant" -> fill = true;
                        case "edge" -> x = x < 0 ? 0 : dim - 1;
                        case "reflect" -> {
                            if (dim == 1) x = 0;
                            else {
                                long period = 2L * (dim - 1);
                                x = Math.floorMod(x, period);
                                if (x >= dim) x = period - x;
                            }
                        }
                        case "wrap" -> x = Math.floorMod(x, dim);
                        default -> throw new ModelException("Pad mode '" + mode + "' not supported at " + node.describe());
                    }
                }
                src += (int) x * str[d];
            }
            map[f] = fill ? -1 : src;
            for (int d = r - 1; d >= 0; d--) {
                if (++c[d] < out[d]) break;
                c[d] = 0;
            }
        }
        return new Tensor[] {T.gather(in[0], out, map, value)};
    }
}
