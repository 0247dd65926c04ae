package io.zkml4j.tools;

import ai.onnxruntime.OnnxJavaType;
import ai.onnxruntime.OnnxTensor;
import ai.onnxruntime.OnnxValue;
import ai.onnxruntime.OrtEnvironment;
import ai.onnxruntime.OrtException;
import ai.onnxruntime.OrtLoggingLevel;
import ai.onnxruntime.OrtSession;
import ai.onnxruntime.TensorInfo;
import io.zkml4j.ml.ir.DType;
import io.zkml4j.ml.ir.Graph;
import io.zkml4j.ml.ir.ValueInfo;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.DoubleBuffer;
import java.nio.FloatBuffer;
import java.nio.IntBuffer;
import java.nio.LongBuffer;
import java.nio.ShortBuffer;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/** ONNX Runtime (CPU, one thread) running a model in float: the reference our quantized results are compared to. */
final class OrtReference implements AutoCloseable {
    /** Warnings (e.g. initializers listed as inputs) would flood the report; errors still surface as exceptions. */
    private final OrtEnvironment env = OrtEnvironment.getEnvironment(OrtLoggingLevel.ORT_LOGGING_LEVEL_ERROR);
    private final OrtSession session;
    private final Graph graph;

    OrtReference(Path model, Graph graph) throws OrtException {
        this.graph = graph;
        try (OrtSession.SessionOptions opts = new OrtSession.SessionOptions()) {
            opts.setIntraOpNumThreads(1);
            opts.setInterOpNumThreads(1);
            opts.setSessionLogLevel(OrtLoggingLevel.ORT_LOGGING_LEVEL_ERROR);
            this.session = env.createSession(model.toString(), opts);
        }
    }

    /** Runs on one sample (one flat array per graph input, shapes from our loader); outputs in graph order. */
    List<double[]> run(List<double[]> inputs) throws OrtException {
        Map<String, OnnxTensor> feeds = new HashMap<>();
        try {
            for (int i = 0; i < graph.inputs().size(); i++) {
                ValueInfo vi = graph.inputs().get(i);
                feeds.put(vi.name(), tensor(vi, inputs.get(i)));
            }
            try (OrtSession.Result r = session.run(feeds)) {
                List<double[]> out = new ArrayList<>();
                for (ValueInfo vo : graph.outputs()) {
                    OnnxValue v = r.get(vo.name()).orElseThrow(() -> new IllegalStateException("ORT gave no output " + vo.name()));
                    if (!(v instanceof OnnxTensor)) {
                        throw new IllegalStateException("ORT output " + vo.name() + " is not a tensor");
                    }
                    out.add(toDoubles((OnnxTensor) v));
                }
                return out;
            }
        } finally {
            feeds.values().forEach(OnnxTensor::close);
        }
    }

    private OnnxTensor tensor(ValueInfo vi, double[] x) throws OrtException {
        long[] shape = new long[vi.shape().length];
        for (int d = 0; d < shape.length; d++) {
            shape[d] = vi.shape()[d];
        }
        int n = x.length;
        DType t = vi.dtype();
        switch (t) {
            case FLOAT: {
                FloatBuffer b = FloatBuffer.allocate(n);
                for (double v : x) b.put((float) v);
                return OnnxTensor.createTensor(env, b.flip(), shape);
            }
            case DOUBLE:
                return OnnxTensor.createTensor(env, DoubleBuffer.wrap(x.clone()), shape);
            case INT64: case UINT64: case UINT32: {
                LongBuffer b = LongBuffer.allocate(n);
                for (double v : x) b.put(Math.round(v));
                return OnnxTensor.createTensor(env, b.flip(), shape);
            }
            case INT32: {
                IntBuffer b = IntBuffer.allocate(n);
                for (double v : x) b.put((int) Math.round(v));
                return OnnxTensor.createTensor(env, b.flip(), shape);
            }
            case INT16: {
                ShortBuffer b = ShortBuffer.allocate(n);
                for (double v : x) b.put((short) Math.round(v));
                return OnnxTensor.createTensor(env, b.flip(), shape, OnnxJavaType.INT16);
            }
            case INT8: case UINT8: case BOOL: {
                ByteBuffer b = ByteBuffer.allocateDirect(n).order(ByteOrder.nativeOrder());
                for (double v : x) b.put((byte) (t == DType.BOOL ? (v != 0 ? 1 : 0) : Math.round(v)));
                OnnxJavaType jt = t == DType.BOOL ? OnnxJavaType.BOOL : t == DType.INT8 ? OnnxJavaType.INT8 : OnnxJavaType.UINT8;
                return OnnxTensor.createTensor(env, b.flip(), shape, jt);
            }
            default:
                throw new IllegalArgumentException("input '" + vi.name() + "' of type " + t + " is not supported by the reference runner");
        }
    }

    private static double[] toDoubles(OnnxTensor t) {
        TensorInfo info = t.getInfo();
        int n = (int) info.getNumElements();
        double[] r = new double[n];
        switch (info.type) {
            case FLOAT: { FloatBuffer b = t.getFloatBuffer(); for (int i = 0; i < n; i++) r[i] = b.get(i); break; }
            case DOUBLE: { DoubleBuffer b = t.getDoubleBuffer(); for (int i = 0; i < n; i++) r[i] = b.get(i); break; }
            case INT64: { LongBuffer b = t.getLongBuffer(); for (int i = 0; i < n; i++) r[i] = b.get(i); break; }
            case INT32: { IntBuffer b = t.getIntBuffer(); for (int i = 0; i < n; i++) r[i] = b.get(i); break; }
            case INT16: { ShortBuffer b = t.getShortBuffer(); for (int i = 0; i < n; i++) r[i] = b.get(i); break; }
            case INT8: { ByteBuffer b = t.getByteBuffer(); for (int i = 0; i < n; i++) r[i] = b.get(i); break; }
            case UINT8: case BOOL: { ByteBuffer b = t.getByteBuffer(); for (int i = 0; i < n; i++) r[i] = b.get(i) & 0xff; break; }
            default: throw new IllegalStateException("ORT output of type " + info.type + " not handled");
        }
        return r;
    }

    @Override
    public void close() throws OrtException {
        session.close();
    }
}
