package io.zkml4j.ml.onnx;

import com.google.protobuf.ByteString;
import io.zkml4j.ml.onnx.proto.OnnxProto;
import io.zkml4j.ml.onnx.proto.OnnxProto.GraphProto;
import io.zkml4j.ml.onnx.proto.OnnxProto.ModelProto;
import io.zkml4j.ml.onnx.proto.OnnxProto.NodeProto;
import io.zkml4j.ml.onnx.proto.OnnxProto.TensorProto;
import io.zkml4j.ml.onnx.proto.OnnxProto.TensorShapeProto;
import io.zkml4j.ml.onnx.proto.OnnxProto.TypeProto;
import io.zkml4j.ml.onnx.proto.OnnxProto.ValueInfoProto;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;

/** Builders for small hand-made ONNX models in tests. */
final class Models {
    private Models() {
    }

    static ValueInfoProto tensorInfo(String name, int elemType, Object... dims) {
        TensorShapeProto.Builder shape = TensorShapeProto.newBuilder();
        for (Object d : dims) {
            if (d instanceof String) {
                shape.addDim(TensorShapeProto.Dimension.newBuilder().setDimParam((String) d));
            } else {
                shape.addDim(TensorShapeProto.Dimension.newBuilder().setDimValue(((Number) d).longValue()));
            }
        }
        return ValueInfoProto.newBuilder().setName(name)
                .setType(TypeProto.newBuilder().setTensorType(TypeProto.Tensor.newBuilder().setElemType(elemType).setShape(shape)))
                .build();
    }

    static NodeProto node(String op, String[] in, String[] out) {
        NodeProto.Builder b = NodeProto.newBuilder().setOpType(op);
        for (String s : in) {
            b.addInput(s);
        }
        for (String s : out) {
            b.addOutput(s);
        }
        return b.build();
    }

    static ByteString floatsLE(float... v) {
        ByteBuffer b = ByteBuffer.allocate(v.length * 4).order(ByteOrder.LITTLE_ENDIAN);
        for (float f : v) {
            b.putFloat(f);
        }
        return ByteString.copyFrom(b.array());
    }

    static TensorProto.Builder tensor(String name, int dataType, long... dims) {
        TensorProto.Builder b = TensorProto.newBuilder().setName(name).setDataType(dataType);
        for (long d : dims) {
            b.addDims(d);
        }
        return b;
    }

    /** y = Relu(x + w) with x: float[batch, 3] and w a float initializer [3]. */
    static GraphProto.Builder reluGraph() {
        return GraphProto.newBuilder().setName("g")
                .addInput(tensorInfo("x", 1, "batch", 3))
                .addOutput(tensorInfo("y", 1, "batch", 3))
                .addInitializer(tensor("w", 1, 3).setRawData(floatsLE(1f, 2f, 3f)))
                .addNode(node("Add", new String[] {"x", "w"}, new String[] {"s"}))
                .addNode(node("Relu", new String[] {"s"}, new String[] {"y"}));
    }

    static ModelProto model(GraphProto.Builder g, int opset) {
        return ModelProto.newBuilder().setIrVersion(8)
                .addOpsetImport(OnnxProto.OperatorSetIdProto.newBuilder().setDomain("").setVersion(opset))
                .setGraph(g).build();
    }

    static ModelProto model(GraphProto.Builder g) {
        return model(g, 13);
    }
}
