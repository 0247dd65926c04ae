package io.zkml4j.ml.prover;

import io.zkml4j.field.codec.FieldReader;
import io.zkml4j.field.codec.FieldWriter;
import io.zkml4j.field.codec.ProofFormatException;
import io.zkml4j.ml.ir.ModelException;
import io.zkml4j.ml.quant.QuantizedModel;
import io.zkml4j.pcs.LigeroPcs;
import io.zkml4j.pcs.LigeroProverData;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;

/**
 * Prover-only key: the quantized model (with its weights), the padded weight tables and the PCS prover data behind
 * the {@link VerifyingKey}'s commitments. Never give it to a verifier; {@link #verifyingKey()} is the public part.
 *
 * <p>File form ({@link #write}/{@link #read}): u8 version, the .zkm model bytes and the verifying key bytes, each
 * length-prefixed. Reading re-commits the weights (deterministic) and rejects the file unless the result is exactly
 * the stored verifying key.
 */
public final class ProvingKey {
    static final int VERSION = 1;

    final ProvableModel model;
    final VerifyingKey vk;
    /** In commitment order: the padded field tables (W as [2^vars(in)][2^vars(out)], biases as 2^vars(out)). */
    final List<long[]> tables;
    final List<LigeroProverData> proverData;
    final LigeroPcs pcs;

    ProvingKey(ProvableModel model, VerifyingKey vk, List<long[]> tables, List<LigeroProverData> proverData, LigeroPcs pcs) {
        this.model = model;
        this.vk = vk;
        this.tables = tables;
        this.proverData = proverData;
        this.pcs = pcs;
    }

    public VerifyingKey verifyingKey() {
        return vk;
    }

    public QuantizedModel model() {
        return model.model;
    }

    public void write(Path file) {
        try {
            Path tmp = Files.createTempFile("zkml4j-pk", ".zkm");
            try {
                model.model.write(tmp);
                byte[] zkm = Files.readAllBytes(tmp);
                byte[] v = vk.toBytes();
                FieldWriter w = new FieldWriter().u8(VERSION).u32(zkm.length).bytes(zkm).u32(v.length).bytes(v);
                Files.write(file, w.toByteArray());
            } finally {
                Files.deleteIfExists(tmp);
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write proving key " + file + ": " + e.getMessage(), e);
        }
    }

    public static ProvingKey read(Path file) {
        try {
            FieldReader r = new FieldReader(Files.readAllBytes(file));
            int v = r.u8("proving key version");
            if (v != VERSION) throw new ProofFormatException("proving key: unknown format version " + v);
            byte[] zkm = r.bytes("proving key model", r.length("proving key model length", Integer.MAX_VALUE));
            byte[] vkBytes = r.bytes("proving key verifying key", r.length("proving key verifying key length", Integer.MAX_VALUE));
            r.finish("proving key");
            Path tmp = Files.createTempFile("zkml4j-pk", ".zkm");
            QuantizedModel m;
            try {
                Files.write(tmp, zkm);
                m = QuantizedModel.read(tmp);
            } finally {
                Files.deleteIfExists(tmp);
            }
            VerifyingKey stored = VerifyingKey.fromBytes(vkBytes);
            ProvingKey pk = ModelSetup.setup(m, stored.params);
            if (!Arrays.equals(pk.vk.toBytes(), vkBytes)) throw new ModelException("proving key " + file + ": the model does not match its verifying key");
            return pk;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read proving key " + file + ": " + e.getMessage(), e);
        }
    }
}
