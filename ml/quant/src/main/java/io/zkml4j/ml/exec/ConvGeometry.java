package io.zkml4j.ml.exec;

import java.util.Arrays;

/**
 * The index structure of an N-d convolution from an input [N, C, D1..Dd] to an output [N, M, O1..Od]
 * with kernel [M, C/groups, K1..Kd]: {@link #sourceIndex()}[q * K + k] is the flat spatial input offset
 * read by output position q at kernel position k, or -1 where it falls into the zero padding.
 * A transposed convolution is the adjoint of the same map (it scatters along it).
 */
public final class ConvGeometry {
    private final int batch, inChannels, outChannels, groups;
    private final int[] inDims, outDims, kernel;
    private final int inSpatial, outSpatial, kernelSpatial;
    private final int[] src;

    public ConvGeometry(int batch, int inChannels, int outChannels, int groups, int[] inDims, int[] kernel,
                        int[] strides, int[] padBegin, int[] dilations, int[] outDims) {
        this.batch = batch;
        this.inChannels = inChannels;
        this.outChannels = outChannels;
        this.groups = groups;
        this.inDims = inDims.clone();
        this.kernel = kernel.clone();
        this.outDims = outDims.clone();
        this.inSpatial = prod(inDims);
        this.outSpatial = prod(outDims);
        this.kernelSpatial = prod(kernel);
        int d = inDims.length;
        this.src = new int[outSpatial * kernelSpatial];
        int[] o = new int[d];
        int[] k = new int[d];
        for (int q = 0; q < outSpatial; q++) {
            unravel(q, outDims, o);
            for (int kk = 0; kk < kernelSpatial; kk++) {
                unravel(kk, kernel, k);
                int off = 0;
                boolean inside = true;
                for (int i = 0; i < d; i++) {
                    int pos = o[i] * strides[i] - padBegin[i] + k[i] * dilations[i];
                    if (pos < 0 || pos >= inDims[i]) { inside = false; break; }
                    off = off * inDims[i] + pos;
                }
                src[q * kernelSpatial + kk] = inside ? off : -1;
            }
        }
    }

    /** ONNX output size of one spatial axis: floor((D + pads - dil*(K-1) - 1) / stride) + 1. */
    public static int convOut(int in, int k, int stride, int padTotal, int dil) {
        return Math.floorDiv(in + padTotal - dil * (k - 1) - 1, stride) + 1;
    }

    private static void unravel(int idx, int[] dims, int[] out) {
        for (int i = dims.length - 1; i >= 0; i--) {
            out[i] = idx % dims[i];
            idx /= dims[i];
        }
    }

    private static int prod(int[] a) {
        int p = 1;
        for (int v : a) p *= v;
        return p;
    }

    public int batch() { return batch; }
    public int inChannels() { return inChannels; }
    public int outChannels() { return outChannels; }
    public int groups() { return groups; }
    public int cPerGroup() { return inChannels / groups; }
    public int mPerGroup() { return outChannels / groups; }
    public int inSpatial() { return inSpatial; }
    public int outSpatial() { return outSpatial; }
    public int kernelSpatial() { return kernelSpatial; }
    public int[] sourceIndex() { return src; }
    public int[] outDims() { return outDims.clone(); }
    public int[] inDims() { return inDims.clone(); }
    public int outputSize() { return batch * outChannels * outSpatial; }

    @Override
    public String toString() {
        return "ConvGeometry[in " + Arrays.toString(inDims) + " out " + Arrays.toString(outDims) + " k " + Arrays.toString(kernel) + "]";
    }
}
