package io.zkml4j.pcs;

import java.io.IOException;
import java.nio.ByteOrder;
import java.nio.LongBuffer;
import java.nio.channels.FileChannel;

/**
 * The encoded matrix of a commitment, column by column (column j holds the rows' codeword entries at position j):
 * in memory after committing, or mapped from a proving key file, where an opening reads only the columns it opens
 * (so a cold prover never re-encodes the weights).
 */
abstract class EncodedColumns {
    final int rows, width;

    EncodedColumns(int rows, int width) {
        this.rows = rows;
        this.width = width;
    }

    /** Copies column j into dst[off, off + rows). */
    abstract void copyColumn(int j, long[] dst, int off);

    /** The column-major array of {@link LigeroPcs#commit}. */
    static EncodedColumns of(long[] columnMajor, int rows, int width) {
        return new EncodedColumns(rows, width) {
            @Override
            void copyColumn(int j, long[] dst, int off) {
                System.arraycopy(columnMajor, j * rows, dst, off, rows);
            }

            @Override
            void writeTo(java.io.DataOutputStream out) throws IOException {
                writeLongs(out, columnMajor, 0, columnMajor.length);
            }
        };
    }

    /**
     * rows x width little-endian longs, column-major, at {@code position} of the channel: mapped in pieces of whole
     * columns below 1 GiB each (a mapping holds at most 2 GiB).
     */
    static EncodedColumns mapped(FileChannel ch, long position, int rows, int width) throws IOException {
        long colBytes = 8L * rows;
        int perPiece = (int) Math.max(1, Math.min(width, (1L << 30) / colBytes));
        int pieces = (width + perPiece - 1) / perPiece;
        LongBuffer[] map = new LongBuffer[pieces];
        for (int p = 0; p < pieces; p++) {
            int cols = Math.min(perPiece, width - p * perPiece);
            map[p] = ch.map(FileChannel.MapMode.READ_ONLY, position + p * perPiece * colBytes, cols * colBytes).order(ByteOrder.LITTLE_ENDIAN).asLongBuffer();
        }
        return new EncodedColumns(rows, width) {
            @Override
            void copyColumn(int j, long[] dst, int off) {
                map[j / perPiece].get((j % perPiece) * rows, dst, off, rows);
            }

            @Override
            void writeTo(java.io.DataOutputStream out) throws IOException {
                long[] col = new long[rows];
                for (int j = 0; j < width; j++) {
                    copyColumn(j, col, 0);
                    writeLongs(out, col, 0, rows);
                }
            }
        };
    }

    /** Writes the matrix column-major, little-endian. */
    abstract void writeTo(java.io.DataOutputStream out) throws IOException;

    static void writeLongs(java.io.DataOutputStream out, long[] v, int off, int len) throws IOException {
        java.nio.ByteBuffer b = java.nio.ByteBuffer.allocate(1 << 16).order(ByteOrder.LITTLE_ENDIAN);
        LongBuffer longs = b.asLongBuffer(); // in bulk: a value at a time cost setup of the 17.3M network about 0.1 s
        for (int i = off; i < off + len; i += longs.capacity()) {
            int n = Math.min(longs.capacity(), off + len - i);
            longs.clear();
            longs.put(v, i, n);
            out.write(b.array(), 0, 8 * n);
        }
    }
}
