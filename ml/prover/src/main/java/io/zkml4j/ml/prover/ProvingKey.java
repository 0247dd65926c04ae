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
 *
 * <p>Budget (docs/zero-knowledge.md, step 4). A hiding commitment to the constants ({@link ModelSetup#setupZeroKnowledge})
 * is opened by every proof and holds masks for B openings; each proof takes the next unused set. A key read from a
 * file keeps that ledger IN THE FILE: before a proof opens set b, the file's count is raised to b + 1 and fsynced
 * under an exclusive file lock, so processes sharing one key file never open one set twice. Copying the file (or
 * writing the key to a second file) forks the ledger: each copy would hand out the same sets, revealing the
 * difference of two openings under one mask. The tool cannot see a copy; keep one key file per key.
 */
public final class ProvingKey {
    static final int VERSION = 6; // 4: the ledger of the constants' openings; 5: hiding commitments of B > 1 openings hash each column's mask sets as a tree; 6: the verifying key's proof kind
    /** The ledger: the constants' commitment root (zeros for a key without a hiding one) and u32 openings used. */
    static final int LEDGER_OFFSET = 6 + 1, LEDGER_BYTES = 32 + 4; // after "ZKMLPK" and the version byte
    /** Serialises ledger updates within this JVM (a file lock is held per process, not per thread). */
    private static final Object LEDGER_LOCK = new Object();

    final QuantizedModel model;
    final VerifyingKey vk;
    /** Signed values of every CONST tensor, by id. */
    final Map<Integer, long[]> constValues;
    /** The constant table (field elements) and its commitment data; null without constants. */
    final long[] constTable;
    final PcsProverData constData;
    final MultilinearPcs pcs;
    /** The file whose ledger this key's openings are recorded in (null: in memory only, the prover data's ledger). */
    private volatile Path ledgerFile;
    /**
     * A zero-knowledge proof's pad count under this key, once counted (-1: not yet). It depends on the key's shapes only
     * (GraphProtocol.padCount's reader of no bytes throws on any read that would decide a shape), so a key proving
     * many times in one process (bench, the service) runs that symbolic pass once; the prover still checks the count
     * against the messages it masked.
     */
    volatile int zkPadCount = -1;

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

    /** The constants' hiding commitment data, opened by every proof; null when proofs may be made without limit. */
    private io.zkml4j.pcs.HidingLigeroProverData budgeted() {
        return constData instanceof io.zkml4j.pcs.HidingLigeroProverData d ? d : null;
    }

    /** B, the proofs this key makes in all; -1 when unlimited (a binding key, or no constants committed). */
    public int proofBudget() {
        io.zkml4j.pcs.HidingLigeroProverData d = budgeted();
        return d == null ? -1 : d.openings();
    }

    /** Proofs this key can still make (read from its file's ledger when it has one); -1 when unlimited. */
    public int proofsLeft() {
        io.zkml4j.pcs.HidingLigeroProverData d = budgeted();
        if (d == null) return -1;
        Path f = ledgerFile;
        int used = d.usedPrefix();
        if (f != null) {
            try (java.nio.channels.FileChannel ch = java.nio.channels.FileChannel.open(f, java.nio.file.StandardOpenOption.READ)) {
                used = Math.max(used, readLedger(ch, f, d));
            } catch (IOException e) {
                throw new UncheckedIOException("cannot read the ledger of proving key " + f + ": " + e.getMessage(), e);
            }
        }
        return Math.max(0, d.openings() - used);
    }

    /** The one line for a spent key. */
    String spentMessage() {
        int b = proofBudget();
        return (ledgerFile == null ? "proving key" : "proving key " + ledgerFile) + ": its budget of " + b + (b == 1 ? " proof" : " proofs")
                + " is spent (each proof opens its hiding commitment to the constants with fresh masks; run setup again)";
    }

    /**
     * Before a proof opens the constants' hiding commitment: takes the next unused opening and, for a key read from a
     * file, records it there first (exclusive lock, count raised, fsync) so no other process takes it. Throws
     * ModelException with one line when the budget is spent. No-op for a key without a budget.
     */
    void reserveOpening() {
        io.zkml4j.pcs.HidingLigeroProverData d = budgeted();
        if (d == null) return;
        Path f = ledgerFile;
        synchronized (LEDGER_LOCK) {
            int b = d.usedPrefix();
            if (f != null) {
                try (java.nio.channels.FileChannel ch = java.nio.channels.FileChannel.open(f, java.nio.file.StandardOpenOption.READ, java.nio.file.StandardOpenOption.WRITE);
                        java.nio.channels.FileLock lock = ch.lock()) {
                    b = Math.max(b, readLedger(ch, f, d));
                    if (b >= d.openings()) throw new ModelException(spentMessage());
                    writeCount(ch, b + 1);
                    ch.force(true);
                } catch (IOException e) {
                    throw new UncheckedIOException("cannot update the ledger of proving key " + f + ": " + e.getMessage(), e);
                }
            }
            if (b >= d.openings()) throw new ModelException(spentMessage());
            for (int i = 0; i < b; i++) d.markUsed(i); // taken by other processes
            d.select(b);
        }
    }

    /** The count in a key file's ledger, checked to belong to this key's commitment. */
    private static int readLedger(java.nio.channels.FileChannel ch, Path f, io.zkml4j.pcs.HidingLigeroProverData d) throws IOException {
        java.nio.ByteBuffer buf = java.nio.ByteBuffer.allocate(LEDGER_BYTES);
        if (ch.read(buf, LEDGER_OFFSET) != LEDGER_BYTES) throw new ModelException("proving key " + f + " is truncated (its ledger)");
        buf.flip();
        byte[] root = new byte[32];
        buf.get(root);
        if (!Arrays.equals(root, d.commitment().root())) throw new ModelException("proving key " + f + " was replaced since it was read (another commitment): read it again");
        int used = buf.getInt();
        if (used < 0 || used > d.openings()) throw new ModelException("proving key " + f + ": its ledger counts " + used + " of " + d.openings() + " openings");
        return used;
    }

    private static void writeCount(java.nio.channels.FileChannel ch, int used) throws IOException {
        java.nio.ByteBuffer buf = java.nio.ByteBuffer.allocate(4).putInt(used).flip();
        while (buf.hasRemaining()) ch.write(buf, LEDGER_OFFSET + 32 + buf.position());
    }

    /** The file's first bytes. */
    static final byte[] MAGIC = "ZKMLPK".getBytes(java.nio.charset.StandardCharsets.US_ASCII);

    /**
     * Writes the key, streamed (no part limited short of disk): "ZKMLPK", u8 version, the ledger (the constants' hiding
     * commitment root, or 32 zeros, and u32 openings used), u64 length and the model (the binary .zkm), u32 length and
     * the verifying key, u8 1 and the commitment's prover data to the end of the file (or u8 0 for a model without
     * constants). A cold prover maps the prover data instead of committing again. From now on this key records its
     * openings in {@code file} (class comment: a key written to two files forks its ledger).
     */
    public void write(Path file) {
        try {
            Path tmp = Files.createTempFile(file.toAbsolutePath().getParent(), ".zkml4j-pk", ".zkm");
            try {
                model.write(tmp);
                byte[] v = vk.toBytes();
                try (java.nio.channels.FileChannel ch = java.nio.channels.FileChannel.open(file, java.nio.file.StandardOpenOption.CREATE,
                        java.nio.file.StandardOpenOption.TRUNCATE_EXISTING, java.nio.file.StandardOpenOption.WRITE);
                     java.io.DataOutputStream out = new java.io.DataOutputStream(new java.io.BufferedOutputStream(java.nio.channels.Channels.newOutputStream(ch), 1 << 16))) {
                    out.write(MAGIC);
                    out.writeByte(VERSION);
                    io.zkml4j.pcs.HidingLigeroProverData d = budgeted();
                    out.write(d == null ? new byte[32] : d.commitment().root());
                    out.writeInt(d == null ? 0 : d.usedPrefix());
                    out.writeLong(Files.size(tmp));
                    Files.copy(tmp, out);
                    out.writeInt(v.length);
                    out.write(v);
                    out.writeByte(constData == null ? 0 : 1);
                    if (constData != null) pcs.writeProverData(constData, out, ch); // its bulk through the channel
                }
            } finally {
                Files.deleteIfExists(tmp);
            }
            if (budgeted() != null) ledgerFile = file;
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
            java.nio.ByteBuffer head = java.nio.ByteBuffer.allocate(MAGIC.length + 1 + LEDGER_BYTES + 8);
            if (ch.read(head, 0) != head.capacity()) throw new ModelException(where + " is truncated (" + size + " bytes)");
            head.flip();
            byte[] magic = new byte[MAGIC.length];
            head.get(magic);
            if (!Arrays.equals(magic, MAGIC)) throw new ModelException(where + " is not a zkml4j proving key (no ZKMLPK header; keys of earlier versions: run setup again)");
            int version = head.get() & 0xff;
            if (version != VERSION) throw new ModelException(where + " has format version " + version + ", this build reads " + VERSION + " (run setup again)");
            byte[] ledgerRoot = new byte[32];
            head.get(ledgerRoot);
            int used = head.getInt();
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
            ProvingKey pk = ModelSetup.withCommitment(m, stored, l, data, where);
            io.zkml4j.pcs.HidingLigeroProverData d = pk.budgeted();
            byte[] expectRoot = d == null ? new byte[32] : d.commitment().root();
            if (!Arrays.equals(ledgerRoot, expectRoot) || used < 0 || used > (d == null ? 0 : d.openings())) {
                throw new ModelException(where + ": its ledger (" + used + " openings used) does not belong to its commitment");
            }
            if (d != null) {
                for (int i = 0; i < used; i++) d.markUsed(i);
                pk.ledgerFile = file;
            }
            return pk;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read proving key " + file + ": " + e.getMessage(), e);
        }
    }
}
