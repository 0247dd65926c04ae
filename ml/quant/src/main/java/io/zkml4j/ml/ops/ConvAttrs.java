package io.zkml4j.ml.ops;

import io.zkml4j.ml.exec.ConvGeometry;
import io.zkml4j.ml.ir.ModelException;
import io.zkml4j.ml.ir.Node;
import io.zkml4j.ml.quant.QNode;

/** Resolution of the window attributes shared by Conv and the pools (auto_pad, pads, strides, dilations, ceil_mode). */
final class ConvAttrs {
    final int[] kernel, strides, dilations, padBegin, padEnd, outDims;

    ConvAttrs(Node node, int[] inDims, int[] kernelShape, boolean ceilAllowed) {
        int d = inDims.length;
        kernel = kernelShape;
        strides = fill(node.attrInts("strides", null), d, 1);
        dilations = fill(node.attrInts("dilations", null), d, 1);
        padBegin = new int[d];
        padEnd = new int[d];
        outDims = new int[d];
        String auto = node.attrString("auto_pad", "NOTSET");
        boolean ceil = ceilAllowed && node.attrInt("ceil_mode", 0) != 0;
        long[] pads = node.attrInts("pads", null);
        for (int i = 0; i < d; i++) {
            int eff = (kernel[i] - 1) * dilations[i] + 1;
            switch (auto) {
                case "SAME_UPPER", "SAME_LOWER" -> {
                    int out = (inDims[i] + strides[i] - 1) / strides[i];
                    int total = Math.max(0, (out - 1) * strides[i] + eff - inDims[i]);
                    padBegin[i] = auto.equals("SAME_UPPER") ? total / 2 : total - total / 2;
                    padEnd[i] = total - padBegin[i];
                }
                case "VALID" -> { }
                case "NOTSET", "" -> {
                    if (pads != null) {
                        padBegin[i] = (int) pads[i];
                        padEnd[i] = (int) pads[i + d];
                    }
                }
                default -> throw new ModelException("auto_pad '" + auto + "' not supported at " + node.describe());
            }
            int span = inDims[i] + padBegin[i] + padEnd[i] - eff;
            int out = ceil ? Math.floorDiv(span + strides[i] - 1, strides[i]) + 1 : Math.floorDiv(span, strides[i]) + 1;
            // With ceil_mode the last window must start inside the input or the left padding.
            if (ceil && (out - 1) * strides[i] >= inDims[i] + padBegin[i]) out--;
            if (out <= 0) throw new ModelException("window larger than the padded input at " + node.describe());
            outDims[i] = out;
        }
    }

    private static int[] fill(long[] v, int d, int dflt) {
        int[] r = new int[d];
        for (int i = 0; i < d; i++) r[i] = v == null ? dflt : (int) v[i];
        return r;
    }

    ConvGeometry geometry(int batch, int inC, int outC, int groups, int[] inDims) {
        return new ConvGeometry(batch, inC, outC, groups, inDims, kernel, strides, padBegin, dilations, outDims);
    }

    void store(QNode q) {
        q.put("kernel", Shapes.toLongs(kernel));
        q.put("strides", Shapes.toLongs(strides));
        q.put("dilations", Shapes.toLongs(dilations));
        q.put("padBegin", Shapes.toLongs(padBegin));
        q.put("outDims", Shapes.toLongs(outDims));
    }

    /** The geometry stored by {@link #store}, cached on the node. */
    static ConvGeometry load(QNode q, int batch, int inC, int outC, int groups, int[] inDims) {
        if (q.cache instanceof ConvGeometry g) return g;
        ConvGeometry g = new ConvGeometry(batch, inC, outC, groups, inDims, Shapes.toInts(q.ints("kernel")),
                Shapes.toInts(q.ints("strides")), Shapes.toInts(q.ints("padBegin")), Shapes.toInts(q.ints("dilations")),
                Shapes.toInts(q.ints("outDims")));
        q.cache = g;
        return g;
    }

    static int[] spatial(int[] shape) {
        return java.util.Arrays.copyOfRange(shape, 2, shape.length);
    }
}
