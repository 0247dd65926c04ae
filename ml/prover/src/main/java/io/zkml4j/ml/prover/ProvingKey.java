package io.zkml4j.ml.prover;

import io.zkml4j.field.codec.FieldReader;
import io.zkml4j.field.codec.FieldWriter;
import io.zkml4j.field.codec.ProofFormatException;
import io.zkml4j.ml.ir.ModelException;
import io.zkml4j.ml.quant.QuantizedModel;
import io.zkml4j.pcs.MultilinearPcs;
import io.zkml4j.pcs.PcsProverData;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Map;

/**
 * Prover-only: the quantized model, the constant table (weights and biases) with its commitment data, and the
 * {@link VerifyingKey}. Never give it to a verifier; {@link #verifyingKey()} is the public part.
 *
 * <p>File: u8 version, the .zkm model (length-prefixed) and the verifying key (length-prefixed); reading re-derives
 * the constant table and checks it against the stored verifying key.
 */
public final class ProvingKey {
    static final int VERSION = 2;

    final QuantizedModel model;
    final VerifyingKey vk;
    /** Signed values of every CONST tensor, by id. */
    final Map<Integer, long[]> constValues;
    /** The constant table (field elements) and its commitment data; null without constants. */
    final long[] constTable;
    final PcsProverData constData;
    final MultilinearPcs pcs;

    ProvingKey(QuantizedModel model, VerifyingKey vk, Map<Integer, long[]> constValues, long[] constTable, PcsProverData constData, MultilinearPcs pcs) {
        this.model = model;
        this.vk = vk;
        this.constValues = constValues;
        this.constTable = constTable;
        this.constData = constData;
        this.pcs = pcs;
    }

    public VerifyingKey verifyingKey() {
        return vk;
    }

    public QuantizedModel model() {
        return model;
    }

    public void write(Path file) {
        try {
            Path tmp = Files.createTempFile("zkml4j-pk", ".zkm");
            try {
                model.write(tmp);
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
            ProvingKey pk = ModelSetup.setup(m, stored.pcs, stored.visibility);
            if (!Arrays.equals(pk.vk.toBytes(), vkBytes)) throw new ModelException("proving key " + file + ": the model does not match its verifying key");
            return pk;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read proving key " + file + ": " + e.getMessage(), e);
        }
    }
}
