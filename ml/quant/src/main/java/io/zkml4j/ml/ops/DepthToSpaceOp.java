package io.zkml4j.ml.ops;

import io.zkml4j.ml.ir.Node;
import io.zkml4j.ml.ir.Tensor;

/** ONNX DepthToSpace (modes DCR and CRD) on [N, C, H, W]. */
public final class DepthToSpaceOp extends IndexOp {
    @Override public String type() { return "DepthToSpace"; }

    @Override
    public Tensor[] forward(Node node, Tensor[] in) {
        int[] s = in[0].shape();
        int b = (int) node.attrInt("blocksize", 1);
        boolean crd = "CRD".equals(node.attrString("mode", "DCR"));
        int n = s[0], c = s[1], h = s[2], w = s[3];
        int oc = c / (b * b);
        int[] out = {n, oc, h * b, w * b};
        int[] map = new int[Shapes.size(out)];
        int f = 0;
        for (int in0 = 0; in0 < n; in0++)
            for (int ch = 0; ch < oc; ch++)
                for (int y = 0; y < h * b; y++)
                    for (int x = 0; x < w * b; x++) {
                        int by = y % b, bx = x % b;
                        int src = crd ? ch * b * b + by * b + bx : (by * b + bx) * oc + ch;
                        map[f++] = ((in0 * c + src) * h + y / b) * w + x / b;
                    }
        return new Tensor[] {T.gather(in[0], out, map, 0)};
    }
}
