package io.zkml4j.tools;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.List;
import org.junit.jupiter.api.Test;

class MetricsTest {
    @Test
    void relativeErrorIsNormalisedByTheOutputsMagnitudeOverAllSamples() {
        assertEquals(0.05, Metrics.relativeError(new double[] {1.1, -2}, new double[] {1, -2}), 1e-12);
        assertEquals(2.0, Metrics.relativeError(new double[] {1, 2}, new double[] {1, -2}), 1e-12);
        // a tiny output in one sample is judged against the largest magnitude over the samples
        double e = Metrics.relativeError(List.of(new double[] {1e-4 + 1e-5}, new double[] {0.9}), List.of(new double[] {1e-4}, new double[] {0.9}));
        assertEquals(1e-5 / 0.9, e, 1e-15);
        assertEquals(0.25, Metrics.relativeError(new double[] {0.25, 0}, new double[] {0, 0}), 0); // all-zero reference: absolute
        assertEquals(Double.POSITIVE_INFINITY, Metrics.relativeError(new double[] {1}, new double[] {1, 2}));
        assertEquals(Double.POSITIVE_INFINITY, Metrics.relativeError(new double[] {Double.NaN}, new double[] {1}));
        assertEquals(0, Metrics.relativeError(new double[] {Double.NaN, 1}, new double[] {Double.NaN, 1}));
    }

    @Test
    void argmaxTakesTheFirstMaximum() {
        assertEquals(1, Metrics.argmax(new double[] {0, 3, 3, -1}));
        assertEquals(0, Metrics.argmax(new double[] {5}));
    }
}
