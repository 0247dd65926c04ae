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

            @Override
            long writeTo(FileChannel ch, long position) throws IOException {
                int n = columnMajor.length, half = n / 2;
                java.util.concurrent.ForkJoinTask<?> other = java.util.concurrent.ForkJoinPool.commonPool().submit(() -> {
                    writeLongs(ch, position + 8L * half, columnMajor, half, n - half);
                    return null;
                });
                writeLongs(ch, position, columnMajor, 0, half);
                try {
                    other.get();
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    throw new java.io.InterruptedIOException("writing the encoded matrix");
                } catch (java.util.concurrent.ExecutionException e) {
                    if (e.getCause() instanceof IOException io) throw io;
                    throw new IllegalStateException(e.getCause());
                }
                return 8L * n;
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

    /**
     * The bytes of {@link #writeTo(java.io.DataOutputStream)} at {@code position} of the channel (its position is left
     * alone); returns their count. In memory: the two halves on two threads, each through a direct buffer (one copy
     * fewer than a stream, and the kernel's copy into the page cache on both cores).
     */
    long writeTo(FileChannel ch, long position) throws IOException {
        long[] col = new long[rows];
        java.nio.ByteBuffer b = java.nio.ByteBuffer.allocateDirect(8 * rows).order(ByteOrder.LITTLE_ENDIAN);
        for (int j = 0; j < width; j++) {
            copyColumn(j, col, 0);
            b.clear();
            b.asLongBuffer().put(col);
            writeFully(ch, b, position + 8L * rows * j);
        }
        return 8L * rows * width;
    }

    /** v[off, off + len) little-endian at {@code position} of the channel, through a direct buffer of 1 MiB. */
    static void writeLongs(FileChannel ch, long position, long[] v, int off, int len) throws IOException {
        java.nio.ByteBuffer b = java.nio.ByteBuffer.allocateDirect(1 << 20).order(ByteOrder.LITTLE_ENDIAN);
        LongBuffer longs = b.asLongBuffer();
        for (int i = 0; i < len; i += longs.capacity()) {
            int n = Math.min(longs.capacity(), len - i);
            longs.clear();
            longs.put(v, off + i, n);
            b.clear().limit(8 * n);
            writeFully(ch, b, position + 8L * i);
        }
    }

    private static void writeFully(FileChannel ch, java.nio.ByteBuffer b, long position) throws IOException {
        long at = position;
        while (b.hasRemaining()) at += ch.write(b, at);
    }

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
