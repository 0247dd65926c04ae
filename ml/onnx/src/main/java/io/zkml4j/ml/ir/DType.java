package io.zkml4j.ml.ir;

/** Element types of ONNX tensors that the ML layer can represent (ONNX TensorProto.DataType codes). */
public enum DType {
    FLOAT(1, 4), DOUBLE(11, 8), FLOAT16(10, 2), BFLOAT16(16, 2),
    INT8(3, 1), UINT8(2, 1), INT16(5, 2), UINT16(4, 2), INT32(6, 4), UINT32(12, 4),
    INT64(7, 8), UINT64(13, 8), BOOL(9, 1), STRING(8, -1);

    private final int onnxCode;
    private final int byteWidth;

    DType(int onnxCode, int byteWidth) {
        this.onnxCode = onnxCode;
        this.byteWidth = byteWidth;
    }

    /** ONNX TensorProto.DataType code. */
    public int onnxCode() {
        return onnxCode;
    }

    /** Bytes per element in ONNX raw_data (little-endian, fixed width); -1 for STRING. */
    public int byteWidth() {
        return byteWidth;
    }

    public boolean isFloat() {
        return this == FLOAT || this == DOUBLE || this == FLOAT16 || this == BFLOAT16;
    }

    /** Integer types and BOOL: stored as long[] in {@link Tensor}. */
    public boolean isInteger() {
        return !isFloat() && this != STRING;
    }

    /** Maps an ONNX elem_type / data_type code; throws ModelException for codes we cannot represent. */
    public static DType fromOnnx(int elemType) {
        for (DType t : values()) {
            if (t.onnxCode == elemType) {
                return t;
            }
        }
        throw new ModelException("unsupported ONNX data type " + elemType + " (" + onnxName(elemType) + ")");
    }

    private static String onnxName(int code) {
        switch (code) {
            case 0: return "UNDEFINED";
            case 14: return "COMPLEX64";
            case 15: return "COMPLEX128";
            case 17: return "FLOAT8E4M3FN";
            case 18: return "FLOAT8E4M3FNUZ";
            case 19: return "FLOAT8E5M2";
            case 20: return "FLOAT8E5M2FNUZ";
            case 21: return "UINT4";
            case 22: return "INT4";
            case 23: return "FLOAT4E2M1";
            case 24: return "FLOAT8E8M0";
            case 25: return "UINT2";
            case 26: return "INT2";
            default: return "unknown";
        }
    }
}
