package io.zkml4j.ml.prover.bench;

import com.sun.management.GarbageCollectionNotificationInfo;
import java.lang.management.GarbageCollectorMXBean;
import java.lang.management.ManagementFactory;
import java.lang.management.MemoryMXBean;
import java.lang.management.MemoryUsage;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import javax.management.Notification;
import javax.management.NotificationEmitter;
import javax.management.NotificationListener;
import javax.management.openmbean.CompositeData;

/**
 * Heap figures of one model's run, two ways:
 * <ul>
 *   <li>peak used: the largest {@link MemoryMXBean#getHeapMemoryUsage()} "used" seen by a sampler thread every
 *       2 ms, and at every GC the "used before" figure reported by the collector's notification (so a spike between
 *       samples that triggered a GC is still caught). It includes garbage not yet collected, so it depends on the
 *       collector and the heap size; it is what the heap had to hold at once.</li>
 *   <li>peak live: the largest heap "used after GC" over the collections during the run (a lower bound of the live
 *       set at its peak; 0 if no collection ran).</li>
 * </ul>
 * {@link #start()} collects garbage first so the previous model's leftovers do not count.
 */
final class HeapWatch implements AutoCloseable {
    private final MemoryMXBean memory = ManagementFactory.getMemoryMXBean();
    private final List<NotificationEmitter> emitters = new ArrayList<>();
    private final NotificationListener listener = this::onGc;
    private volatile boolean running;
    private volatile long peakUsed;
    private volatile long peakLive;
    private Thread sampler;

    static HeapWatch start() {
        System.gc();
        HeapWatch w = new HeapWatch();
        w.peakUsed = w.memory.getHeapMemoryUsage().getUsed();
        for (GarbageCollectorMXBean gc : ManagementFactory.getGarbageCollectorMXBeans()) {
            if (gc instanceof NotificationEmitter e) {
                e.addNotificationListener(w.listener, null, null);
                w.emitters.add(e);
            }
        }
        w.running = true;
        w.sampler = new Thread(w::sample, "bench-heap-sampler");
        w.sampler.setDaemon(true);
        w.sampler.start();
        return w;
    }

    private void sample() {
        while (running) {
            long used = memory.getHeapMemoryUsage().getUsed();
            if (used > peakUsed) peakUsed = used;
            try {
                Thread.sleep(2);
            } catch (InterruptedException e) {
                return;
            }
        }
    }

    private synchronized void onGc(Notification n, Object handback) {
        if (!GarbageCollectionNotificationInfo.GARBAGE_COLLECTION_NOTIFICATION.equals(n.getType())) return;
        GarbageCollectionNotificationInfo info = GarbageCollectionNotificationInfo.from((CompositeData) n.getUserData());
        if ("System.gc()".equals(info.getGcCause())) return; // start()'s own collection, delivered late
        long before = sum(info.getGcInfo().getMemoryUsageBeforeGc());
        long after = sum(info.getGcInfo().getMemoryUsageAfterGc());
        if (before > peakUsed) peakUsed = before;
        if (after > peakLive) peakLive = after;
    }

    /** Sums the heap pools of a GC notification (non-heap pools such as Metaspace are left out by name). */
    private static long sum(Map<String, MemoryUsage> pools) {
        long s = 0;
        for (Map.Entry<String, MemoryUsage> e : pools.entrySet()) {
            String k = e.getKey();
            if (k.contains("Metaspace") || k.contains("Code") || k.contains("Class Space")) continue;
            s += e.getValue().getUsed();
        }
        return s;
    }

    long peakUsedBytes() {
        long used = memory.getHeapMemoryUsage().getUsed();
        return Math.max(peakUsed, used);
    }

    long peakLiveBytes() {
        return peakLive;
    }

    @Override
    public void close() {
        running = false;
        sampler.interrupt();
        for (NotificationEmitter e : emitters) {
            try {
                e.removeNotificationListener(listener);
            } catch (javax.management.ListenerNotFoundException ignored) {
                // already gone
            }
        }
    }
}
