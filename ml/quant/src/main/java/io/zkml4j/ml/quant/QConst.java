package io.zkml4j.ml.quant;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonIgnore;
import com.fasterxml.jackson.annotation.JsonProperty;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.Base64;

/** A quantized constant (weight, bias, folded constant): integers at a power-of-two scale. */
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
    static QConst fromJson(@JsonProperty("shape") int[] shape, @JsonProperty("scale") int scale, @JsonProperty("data") String data) {
        byte[] b = Base64.getDecoder().decode(data);
        if (b.length % 8 != 0) throw new IllegalArgumentException("constant data is not a whole number of int64 values");
        long[] v = new long[b.length / 8];
        ByteBuffer.wrap(b).order(ByteOrder.LITTLE_ENDIAN).asLongBuffer().get(v);
        return new QConst(shape, scale, v);
    }

    /** Values as little-endian int64, base64. */
    @JsonProperty("data")
    String data() {
        ByteBuffer bb = ByteBuffer.allocate(values.length * 8).order(ByteOrder.LITTLE_ENDIAN);
        bb.asLongBuffer().put(values);
        return Base64.getEncoder().encodeToString(bb.array());
    }
}
