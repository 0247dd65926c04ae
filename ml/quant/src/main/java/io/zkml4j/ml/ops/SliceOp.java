package io.zkml4j.ml.ops;

import io.zkml4j.ml.ir.Node;
import io.zkml4j.ml.ir.Tensor;

/** ONNX Slice (attributes before opset 10; inputs starts, ends, axes, steps after), with clamping and negative steps. */
public final class SliceOp extends IndexOp {
    @Override public String type() { return "Slice"; }

    @Override
    public Tensor[] forward(Node node, Tensor[] in) {
        int[] s = in[0].shape();
        int r = s.length;
        long[] starts = Args.ints(node, in, 1, "starts");
        long[] ends = Args.ints(node, in, 2, "ends");
        long[] axesL = Args.ints(node, in, 3, "axes");
        long[] steps = Args.present(in, 4) ? T.l(in[4]) : null;
        long[] st = new long[r];
        long[] sp = new long[r];
        int[] cnt = new int[r];
        for (int i = 0; i < r; i++) {
            st[i] = 0;
            sp[i] = 1;
            cnt[i] = s[i];
        }
        for (int k = 0; k < starts.length; k++) {
            int a = axesL == null ? k : Shapes.axis(axesL[k], r, node.describe());
            long step = steps == null ? 1 : steps[k];
            long dim = s[a];
            long b = starts[k] < 0 ? starts[k] + dim : starts[k];
            long e = ends[k] < 0 ? ends[k] + dim : ends[k];
            if (step > 0) {
                b = Math.max(0, Math.min(dim, b));
                e = Math.max(0, Math.min(dim, e));
                cnt[a] = (int) Math.max(0, (e - b + step - 1) / step);
            } else {
                b = Math.max(-1, Math.min(dim - 1, b));
                e = Math.max(-1, Math.min(dim - 1, e));
                cnt[a] = (int) Math.max(0, (b - e + (-step) - 1) / (-step));
            }
            st[a] = b;
            sp[a] = step;
        }
        int[] str = Shapes.strides(s);
        int n = Shapes.size(cnt);
        int[] map = new int[n];
        int[] idx = new int[r];
        for (int f = 0; f < n; f++) {
            long src = 0;
            for (int i = 0; i < r; i++) src += (st[i] + idx[i] * sp[i]) * str[i];
            map[f] = (int) src;
            for (int d = r - 1; d >= 0; d--) {
                if (++idx[d] < cnt[d]) break;
                idx[d] = 0;
            }
        }
        return new Tensor[] {T.gather(in[0], cnt, map, 0)};
    }
}
