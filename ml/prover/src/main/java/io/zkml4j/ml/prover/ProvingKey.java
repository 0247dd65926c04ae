package io.zkml4j.ml.prover;

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
 * <p>File: see {@link #write}; reading checks the model against the stored verifying key and maps the commitment's
 * prover data rather than committing again.
 */
public final class ProvingKey {
    static final int VERSION = 3;

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

    /** The file's first bytes. */
    static final byte[] MAGIC = "ZKMLPK".getBytes(java.nio.charset.StandardCharsets.US_ASCII);

    /**
     * Writes the key, streamed (no part limited short of disk): "ZKMLPK", u8 version, u64 length and the model (the
     * binary .zkm), u32 length and the verifying key, u8 1 and the commitment's prover data to the end of the file
     * (or u8 0 for a model without constants). A cold prover maps the prover data instead of committing again.
     */
    public void write(Path file) {
        try {
            Path tmp = Files.createTempFile(file.toAbsolutePath().getParent(), ".zkml4j-pk", ".zkm");
            try {
                model.write(tmp);
                byte[] v = vk.toBytes();
                try (java.io.DataOutputStream out = new java.io.DataOutputStream(new java.io.BufferedOutputStream(Files.newOutputStream(file), 1 << 16))) {
                    out.write(MAGIC);
                    out.writeByte(VERSION);
                    out.writeLong(Files.size(tmp));
                    Files.copy(tmp, out);
                    out.writeInt(v.length);
                    out.write(v);
                    out.writeByte(constData == null ? 0 : 1);
                    if (constData != null) pcs.writeProverData(constData, out);
                }
            } finally {
                Files.deleteIfExists(tmp);
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write proving key " + file + ": " + e.getMessage(), e);
        }
    }

    /**
     * Reads a key written by {@link #write}: the model and the verifying key are decoded and checked against each other
     * (the circuit derived again from the model must give the stored key), the constant table is rebuilt from the model,
     * and the commitment's prover data is mapped, not recomputed; its root must be the key's. Strict: a truncated,
     * corrupted or foreign file gets one line naming the problem.
     */
    public static ProvingKey read(Path file) {
        String where = "proving key " + file;
        try (java.nio.channels.FileChannel ch = java.nio.channels.FileChannel.open(file, java.nio.file.StandardOpenOption.READ)) {
            long size = ch.size();
            java.nio.ByteBuffer head = java.nio.ByteBuffer.allocate(MAGIC.length + 1 + 8);
            if (ch.read(head, 0) != head.capacity()) throw new ModelException(where + " is truncated (" + size + " bytes)");
            head.flip();
            byte[] magic = new byte[MAGIC.length];
            head.get(magic);
            if (!Arrays.equals(magic, MAGIC)) throw new ModelException(where + " is not a zkml4j proving key (no ZKMLPK header; keys of earlier versions: run setup again)");
            int version = head.get() & 0xff;
            if (version != VERSION) throw new ModelException(where + " has format version " + version + ", this build reads " + VERSION + " (run setup again)");
            long modelLen = head.getLong(), at = head.position();
            if (modelLen < 0 || modelLen > size - at - 4) throw new ModelException(where + " is truncated (the model section declares " + modelLen + " bytes)");
            QuantizedModel m = QuantizedModel.read(ch, at, modelLen, where + " (its model)");
            at += modelLen;
            java.nio.ByteBuffer len = java.nio.ByteBuffer.allocate(4);
            ch.read(len, at);
            int vkLen = len.flip().getInt();
            at += 4;
            if (vkLen < 0 || vkLen > size - at - 1) throw new ModelException(where + " is truncated (the verifying key section declares " + vkLen + " bytes)");
            java.nio.ByteBuffer vkb = java.nio.ByteBuffer.allocate(vkLen + 1);
            ch.read(vkb, at);
            at += vkLen + 1;
            VerifyingKey stored;
            try {
                stored = VerifyingKey.fromBytes(Arrays.copyOf(vkb.array(), vkLen));
            } catch (ProofFormatException e) {
                throw new ModelException(where + ": " + e.getMessage());
            }
            int flag = vkb.get(vkLen);
            ModelSetup.Layout l = ModelSetup.layout(m);
            if (flag != (l.table() == null ? 0 : 1)) throw new ModelException(where + ": the commitment data flag " + flag + " does not match the model");
            PcsProverData data = null;
            if (l.table() != null) {
                try {
                    data = stored.pcs.readProverData(ch, at, l.table());
                } catch (ProofFormatException e) {
                    throw new ModelException(where + ": " + e.getMessage());
                }
            } else if (at != size) {
                throw new ModelException(where + ": " + (size - at) + " trailing bytes");
            }
            return ModelSetup.withCommitment(m, stored, l, data, where);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read proving key " + file + ": " + e.getMessage(), e);
        }
    }
}
