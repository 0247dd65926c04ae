package io.zkml4j.ml.quant;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonIgnore;
import com.fasterxml.jackson.annotation.JsonProperty;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.Arrays;
import java.util.Base64;

/**
 * A quantized constant (weight, bias, folded constant): integers at a power-of-two scale. In the
 * .zkm file the values are little-endian two's complement of the smallest width (1, 2, 4 or 8 bytes)
 * that holds them all, base64-encoded.
 */
public final class QConst {
    public final int[] shape;
    public final int scale;
    @JsonIgnore
    public final long[] values;

    public QConst(int[] shape, int scale, long[] values) {
        this.shape = shape;
        this.scale = scale;
        this.values = values;
    }

    @JsonCreator
    static QConst fromJson(@JsonProperty("shape") int[] shape, @JsonProperty("scale") int scale,
                           @JsonProperty("width") int width, @JsonProperty("data") String data) {
        if (shape == null || data == null) throw new IllegalArgumentException("constant lacks shape or data");
        if (width != 1 && width != 2 && width != 4 && width != 8) throw new IllegalArgumentException("constant width " + width);
        byte[] b = Base64.getDecoder().decode(data);
        long n = 1;
        for (int d : shape) {
            if (d < 0) throw new IllegalArgumentException("negative dimension in " + Arrays.toString(shape));
            n *= d;
        }
        if (b.length != n * width) throw new IllegalArgumentException("constant data has " + b.length + " bytes, shape " + Arrays.toString(shape) + " needs " + n * width);
        return new QConst(shape, scale, fromBytes(ByteBuffer.wrap(b), (int) n, width));
    }

    /** Bytes per value: the smallest of 1, 2, 4, 8 holding every value. */
    @JsonProperty("width")
    int width() {
        long m = 0; // the OR of every magnitude (v or ~v) has the highest bit of the largest
        for (long v : values) m |= v ^ (v >> 63);
        return m < (1L << 7) ? 1 : m < (1L << 15) ? 2 : m < (1L << 31) ? 4 : 8;
    }

    @JsonProperty("data")
    String data() {
        return Base64.getEncoder().encodeToString(bytes(width()));
    }

    private static final java.lang.invoke.VarHandle INT_LE = java.lang.invoke.MethodHandles.byteArrayViewVarHandle(int[].class, ByteOrder.LITTLE_ENDIAN);
    private static final java.lang.invoke.VarHandle SHORT_LE = java.lang.invoke.MethodHandles.byteArrayViewVarHandle(short[].class, ByteOrder.LITTLE_ENDIAN);

    /** The values as little-endian integers of w bytes each. */
    byte[] bytes(int w) {
        byte[] b = new byte[Math.multiplyExact(values.length, w)];
        if (w == 8) {
            ByteBuffer.wrap(b).order(ByteOrder.LITTLE_ENDIAN).asLongBuffer().put(values);
            return b;
        }
        // whole words through a byte-array view (little-endian), not a byte at a time: that cost a cold setup of the
        // 17.3M network about a third of writing its proving key
        int n = values.length;
        switch (w) {
            case 4 -> { for (int i = 0; i < n; i++) INT_LE.set(b, 4 * i, (int) values[i]); }
            case 2 -> { for (int i = 0; i < n; i++) SHORT_LE.set(b, 2 * i, (short) values[i]); }
            default -> { for (int i = 0; i < n; i++) b[i] = (byte) values[i]; }
        }
        return b;
    }

    /**
     * n values from little-endian integers of w bytes each, sign-extended; bb's position moves past them. Copied in bulk,
     * a chunk at a time, then widened: a cold run reads a proving key's weights mostly before the JIT has compiled
     * anything, where one buffer call per value cost about a tenth of a cold prove of the 4.3M network.
     */
    static long[] fromBytes(ByteBuffer bb, int n, int w) {
        ByteBuffer in = bb.slice().order(ByteOrder.LITTLE_ENDIAN);
        long[] v = new long[n];
        switch (w) {
            case 8 -> in.asLongBuffer().get(v);
            case 4 -> {
                int[] c = new int[Math.min(n, CHUNK)];
                java.nio.IntBuffer b = in.asIntBuffer();
                for (int i = 0; i < n; i += c.length) {
                    int len = Math.min(c.length, n - i);
                    b.get(c, 0, len);
                    for (int k = 0; k < len; k++) v[i + k] = c[k];
                }
            }
            case 2 -> {
                short[] c = new short[Math.min(n, CHUNK)];
                java.nio.ShortBuffer b = in.asShortBuffer();
                for (int i = 0; i < n; i += c.length) {
                    int len = Math.min(c.length, n - i);
                    b.get(c, 0, len);
                    for (int k = 0; k < len; k++) v[i + k] = c[k];
                }
            }
            default -> {
                byte[] c = new byte[Math.min(n, CHUNK)];
                for (int i = 0; i < n; i += c.length) {
                    int len = Math.min(c.length, n - i);
                    in.get(c, 0, len);
                    for (int k = 0; k < len; k++) v[i + k] = c[k];
                }
            }
        }
        bb.position(bb.position() + n * w);
        return v;
    }

    /** Values widened per bulk copy in {@link #fromBytes}. */
    private static final int CHUNK = 1 << 14;
}
