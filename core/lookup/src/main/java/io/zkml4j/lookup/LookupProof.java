package io.zkml4j.lookup;

import io.zkml4j.field.codec.FieldReader;
import io.zkml4j.field.codec.FieldWriter;
import io.zkml4j.field.codec.ProofFormatException;

/**
 * A LogUp-GKR proof (verifier-visible): the GKR layers of the looked-up side's fraction tree (depth n + s) and of the
 * table side's tree (depth k). Layer d carries a d-round sumcheck and the children's values; its shape follows from
 * the verifier's {@link LookupShape} and table, never from the bytes.
 *
 * <p>Encoding: u8 version (1), then per side u32 layer count and the layers (each: sumcheck as
 * {@link io.zkml4j.sumcheck.SumcheckProof#writeTo}, u32 value count, values as 16-byte extension elements).
 */
public final class LookupProof {
    public static final int FORMAT_VERSION = 1;

    private final GkrLayerProof[] lookupLayers;
    private final GkrLayerProof[] tableLayers;

    public LookupProof(GkrLayerProof[] lookupLayers, GkrLayerProof[] tableLayers) {
        this.lookupLayers = lookupLayers.clone();
        this.tableLayers = tableLayers.clone();
    }

    public GkrLayerProof[] lookupLayers() {
        return lookupLayers.clone();
    }

    public GkrLayerProof[] tableLayers() {
        return tableLayers.clone();
    }

    GkrLayerProof[] side(int s) {
        return s == 0 ? lookupLayers : tableLayers;
    }

    public void writeTo(FieldWriter w) {
        for (GkrLayerProof[] side : new GkrLayerProof[][] {lookupLayers, tableLayers}) {
            w.u32(side.length);
            for (GkrLayerProof l : side) l.writeTo(w);
        }
    }

    /** Decodes exactly the layers, rounds and values that {@code table} and {@code shape} imply. */
    public static LookupProof readFrom(FieldReader r, Table table, LookupShape shape) {
        LogUpGkr.checkTable(table);
        GkrLayerProof[][] sides = new GkrLayerProof[2][];
        for (int s = 0; s < 2; s++) {
            int depth = LogUpGkr.depth(s, table, shape);
            String what = s == 0 ? "logup lookup-side layer" : "logup table-side layer";
            r.expectLength(what + "s", depth);
            sides[s] = new GkrLayerProof[depth];
            for (int d = 0; d < depth; d++) {
                sides[s][d] = GkrLayerProof.readFrom(r, d, LogUpGkr.numEvals(s, d, table, shape), what + " " + d);
            }
        }
        return new LookupProof(sides[0], sides[1]);
    }

    public byte[] toBytes() {
        FieldWriter w = new FieldWriter();
        w.u8(FORMAT_VERSION);
        writeTo(w);
        return w.toByteArray();
    }

    public static LookupProof fromBytes(byte[] bytes, Table table, LookupShape shape) {
        FieldReader r = new FieldReader(bytes);
        int v = r.u8("logup proof version");
        if (v != FORMAT_VERSION) throw new ProofFormatException("logup proof version " + v + ", expected " + FORMAT_VERSION);
        LookupProof p = readFrom(r, table, shape);
        r.finish("logup proof");
        return p;
    }
}
