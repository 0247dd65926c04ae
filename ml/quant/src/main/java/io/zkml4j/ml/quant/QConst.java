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
        long m = 0;
        for (long v : values) m = Math.max(m, v < 0 ? ~v : v);
        return m < (1L << 7) ? 1 : m < (1L << 15) ? 2 : m < (1L << 31) ? 4 : 8;
    }

    @JsonProperty("data")
    String data() {
        return Base64.getEncoder().encodeToString(bytes(width()));
    }

    /** The values as little-endian integers of w bytes each. */
    byte[] bytes(int w) {
        ByteBuffer bb = ByteBuffer.allocate(Math.multiplyExact(values.length, w)).order(ByteOrder.LITTLE_ENDIAN);
        for (long v : values) {
            switch (w) {
                case 1 -> bb.put((byte) v);
                case 2 -> bb.putShort((short) v);
                case 4 -> bb.putInt((int) v);
                default -> bb.putLong(v);
            }
        }
        return bb.array();
    }

    /** n values from little-endian integers of w bytes each, sign-extended. */
    static long[] fromBytes(ByteBuffer bb, int n, int w) {
        bb.order(ByteOrder.LITTLE_ENDIAN);
        long[] v = new long[n];
        for (int i = 0; i < n; i++) {
            v[i] = switch (w) {
                case 1 -> bb.get();
                case 2 -> bb.getShort();
                case 4 -> bb.getInt();
                default -> bb.getLong();
            };
        }
        return v;
    }
}
