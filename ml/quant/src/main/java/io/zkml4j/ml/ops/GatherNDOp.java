package io.zkml4j.ml.ops;

import io.zkml4j.ml.ir.ModelException;
import io.zkml4j.ml.ir.Node;
import io.zkml4j.ml.ir.Tensor;

/** ONNX GatherND with batch_dims. */
public final class GatherNDOp extends DynamicIndexOp {
    @Override public String type() { return "GatherND"; }

    @Override
    public Tensor[] forward(Node node, Tensor[] in) {
        return new Tensor[] {apply(params(node, in[0].shape()), in, node.describe())};
    }

    @Override
    protected long[] params(Node node, int[] dataShape) {
        return new long[] {node.attrInt("batch_dims", 0)};
    }

    @Override
    protected Tensor apply(long[] p, Tensor[] in, String where) {
        int[] s = in[0].shape();
        int[] is = in[1].shape();
        int b = (int) p[0];
        int q = is.length;
        int k = is[q - 1];
        int[] out = new int[q - 1 + s.length - b - k];
        int pos = 0;
        for (int i = 0; i < q - 1; i++) out[pos++] = is[i];
        for (int i = b + k; i < s.length; i++) out[pos++] = s[i];
        int batch = 1;
        for (int i = 0; i < b; i++) batch *= s[i];
        int inner = 1;
        for (int i = b + k; i < s.length; i++) inner *= s[i];
        int perBatchData = 1;
        for (int i = b; i < s.length; i++) perBatchData *= s[i];
        int tuples = 1;
        for (int i = 0; i < q - 1; i++) tuples *= is[i];
        int perBatchTuples = tuples / Math.max(batch, 1);
        long[] idx = T.l(in[1]);
        int[] str = Shapes.strides(s);
        int[] map = new int[Shapes.size(out)];
        int m = 0;
        for (int t = 0; t < tuples; t++) {
            int bi = t / Math.max(perBatchTuples, 1);
            int off = bi * perBatchData;
            for (int d = 0; d < k; d++) {
                long j = idx[t * k + d];
                int dim = s[b + d];
                if (j < 0) j += dim;
                if (j < 0 || j >= dim) throw new ModelException("index " + idx[t * k + d] + " out of range at " + where);
                off += (int) j * str[b + d];
            }
            for (int i = 0; i < inner; i++) map[m++] = off + i;
        }
        return T.gather(in[0], out, map, 0);
    }
}
