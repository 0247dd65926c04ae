package io.zkml4j.ml.quant;

import io.zkml4j.ml.ir.ModelException;
import java.util.concurrent.ConcurrentHashMap;

/** The materialized entries of a {@link TableRule} (at most 2^16), cached per rule. */
public final class LookupTable {
    private static final ConcurrentHashMap<TableRule, LookupTable> CACHE = new ConcurrentHashMap<>();

    private final TableRule rule;
    private final long[] values;

    private LookupTable(TableRule rule) {
        this.rule = rule;
        this.values = new long[(int) rule.size()];
        for (int i = 0; i < values.length; i++) values[i] = rule.entry(rule.lo() + i);
    }

    public static LookupTable of(TableRule rule) {
        return CACHE.computeIfAbsent(rule, LookupTable::new);
    }

    public TableRule rule() {
        return rule;
    }

    /** out[i] = T(in[i]); inputs outside the domain are clamped if the rule saturates, otherwise rejected. */
    public long[] apply(long[] in, String where) {
        long[] out = new long[in.length];
        long lo = rule.lo();
        long hi = rule.hi();
        boolean sat = rule.saturate();
        for (int i = 0; i < in.length; i++) {
            long x = in[i];
            if (x < lo || x > hi) {
                if (!sat) {
                    throw new ModelException("value out of calibrated range at " + where + " (" + rule.fn() + " input "
                            + FixedPoint.scalb((double) x, -rule.sIn()) + " outside [" + FixedPoint.scalb((double) lo, -rule.sIn()) + ", "
                            + FixedPoint.scalb((double) hi, -rule.sIn()) + "]); recalibrate with more samples");
                }
                x = x < lo ? lo : hi;
            }
            out[i] = values[(int) (x - lo)];
        }
        return out;
    }
}
