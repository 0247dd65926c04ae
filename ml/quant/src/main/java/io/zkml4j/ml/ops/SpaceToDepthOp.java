package io.zkml4j.ml.ops;

import io.zkml4j.ml.ir.Node;
import io.zkml4j.ml.ir.Tensor;

/** ONNX SpaceToDepth on [N, C, H, W]. */
public final class SpaceToDepthOp extends IndexOp {
    @Override public String type() { return "SpaceToDepth"; }

    @Override
    public Tensor[] forward(Node node, Tensor[] in) {
        int[] s = in[0].shape();
        int b = (int) node.attrInt("blocksize", 1);
        int n = s[0], c = s[1], h = s[2], w = s[3];
        int[] out = {n, c * b * b, h / b, w / b};
        int[] map = new int[Shapes.size(out)];
        int f = 0;
        for (int i = 0; i < n; i++)
            for (int oc = 0; oc < c * b * b; oc++)
                for (int y = 0; y < h / b; y++)
                    for (int x = 0; x < w / b; x++) {
                        int blk = oc / c, ch = oc % c;
                        int by = blk / b, bx = blk % b;
                        map[f++] = ((i * c + ch) * h + y * b + by) * w + x * b + bx;
                    }
        return new Tensor[] {T.gather(in[0], out, map, 0)};
    }
}
