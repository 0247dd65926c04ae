import io.zkml4j.ml.prover.ModelSetup;
import io.zkml4j.ml.prover.ProvingKey;
import io.zkml4j.ml.prover.Visibility;
import io.zkml4j.ml.quant.QuantizedModel;

import java.lang.management.GarbageCollectorMXBean;
import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * The steps of a `setup` as the CLI runs them (read the .zkm, derive the circuit and constant table, commit, the
 * verifying key with the constants' padding proof, write the keys), timed in one fresh JVM: wall, process cpu, kernel
 * (sys) and GC milliseconds per step. Run from the repository root after a build, with the launcher's JVM options:
 *
 *   java -Xmx8g -XX:+UseParallelGC -cp 'cli/target/lib/*' bench/SetupPhases.java MODEL.zkm KEYDIR [validity|zk]
 *
 * validity: input, output and parameters public (bench/cli-cold.sh validity); zk: setup's defaults, a key for 64 proofs.
 */
public class SetupPhases {
    static final com.sun.management.OperatingSystemMXBean OS = (com.sun.management.OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean();
    static long lastT = System.nanoTime(), lastCpu, lastGc, lastSys;

    static long gcMs() {
        long s = 0;
        for (GarbageCollectorMXBean b : ManagementFactory.getGarbageCollectorMXBeans()) s += b.getCollectionTime();
        return s;
    }

    static long sysMs() { // field 15 of /proc/self/stat (stime), in clock ticks of 10 ms
        try {
            String[] f = Files.readString(Path.of("/proc/self/stat")).split("\\) ")[1].split(" ");
            return Long.parseLong(f[12]) * 10;
        } catch (Exception e) {
            return -1;
        }
    }

    static void step(String what) {
        long t = System.nanoTime(), cpu = OS.getProcessCpuTime() / 1_000_000, g = gcMs(), sy = sysMs();
        System.out.printf("%-34s wall %6d ms  cpu %6d ms  sys %5d ms  gc %5d ms%n", what, (t - lastT) / 1_000_000, cpu - lastCpu, sy - lastSys, g - lastGc);
        lastT = t; lastCpu = cpu; lastGc = g; lastSys = sy;
    }

    public static void main(String[] a) throws Exception {
        lastCpu = OS.getProcessCpuTime() / 1_000_000;
        lastSys = sysMs();
        System.out.printf("%s, JVM up %d ms before main%n", System.getProperty("java.vm.version"), ManagementFactory.getRuntimeMXBean().getUptime());
        boolean zk = a.length > 2 && a[2].equals("zk");
        QuantizedModel q = QuantizedModel.read(Path.of(a[0]));
        step("read .zkm");
        Visibility vis = zk ? Visibility.of("private", "public", "private") : Visibility.ALL_PUBLIC;
        String[] names = {"circuit and constant table", "commit (encode, leaves, tree)", "verifying key (padding proof)"};
        ProvingKey pk = ModelSetup.setupAsDeclared(q, vis, 64, (stage, done, total) -> { if (done > 0) step(names[done - 1]); });
        Path dir = Path.of(a[1]);
        Files.createDirectories(dir);
        pk.write(dir.resolve("proving.key"));
        Files.write(dir.resolve("verifying.key"), pk.verifyingKey().toBytes());
        step("write keys");
        System.out.printf("total since JVM start %d ms, proving key %,d bytes%n", ManagementFactory.getRuntimeMXBean().getUptime(), Files.size(dir.resolve("proving.key")));
    }
}
