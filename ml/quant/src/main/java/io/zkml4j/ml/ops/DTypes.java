package io.zkml4j.ml.ops;

import io.zkml4j.ml.ir.DType;
import io.zkml4j.ml.ir.ModelException;

/** ONNX TensorProto.DataType codes (a fact of the ONNX spec). */
final class DTypes {
    private DTypes() {}

    static DType fromOnnx(int code) {
        return switch (code) {
            case 1 -> DType.FLOAT;
            case 2 -> DType.UINT8;
            case 3 -> DType.INT8;
            case 4 -> DType.UINT16;
            case 5 -> DType.INT16;
            case 6 -> DType.INT32;
            case 7 -> DType.INT64;
            case 9 -> DType.BOOL;
            case 10 -> DType.FLOAT16;
            case 11 -> DType.DOUBLE;
            case 12 -> DType.UINT32;
            case 13 -> DType.UINT64;
            case 16 -> DType.BFLOAT16;
            default -> throw new ModelException("unsupported tensor element type " + code);
        };
    }
}
