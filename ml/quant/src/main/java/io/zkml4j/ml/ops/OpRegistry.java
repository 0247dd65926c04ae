package io.zkml4j.ml.ops;

import io.zkml4j.ml.ir.ModelException;
import io.zkml4j.ml.ir.Node;
import java.util.Collections;
import java.util.Map;
import java.util.TreeMap;

/** The one place where operators are registered: one line per ONNX operator. */
public final class OpRegistry {
    private static final Map<String, Op> OPS = new TreeMap<>();

    static {
        register(new AbsOp());
        register(new AcosOp());
        register(new AcoshOp());
        register(new AddOp());
        register(new AndOp());
        register(new ArgMaxOp());
        register(new ArgMinOp());
        register(new AsinOp());
        register(new AsinhOp());
        register(new AtanOp());
        register(new AtanhOp());
        register(new AveragePoolOp());
        register(new BatchNormalizationOp());
        register(new BitShiftOp());
        register(new CastOp());
        register(new CeilOp());
        register(new CeluOp());
        register(new ClipOp());
        register(new ConcatOp());
        register(new ConstantOfShapeOp());
        register(new ConstantOp());
        register(new ConvOp());
        register(new ConvTransposeOp());
        register(new CosOp());
        register(new CoshOp());
        register(new CumSumOp());
        register(new DepthToSpaceOp());
        register(new DequantizeLinearOp());
        register(new DivOp());
        register(new DropoutOp());
        register(new EinsumOp());
        register(new EluOp());
        register(new EqualOp());
        register(new ErfOp());
        register(new ExpOp());
        register(new ExpandOp());
        register(new EyeLikeOp());
        register(new FlattenOp());
        register(new FloorOp());
        register(new GRUOp());
        register(new GatherElementsOp());
        register(new GatherNDOp());
        register(new GatherOp());
        register(new GeluOp());
        register(new GemmOp());
        register(new GlobalAveragePoolOp());
        register(new GlobalMaxPoolOp());
        register(new GreaterOp());
        register(new GreaterOrEqualOp());
        register(new HardSigmoidOp());
        register(new HardSwishOp());
        register(new HardmaxOp());
        register(new IdentityOp());
        register(new InstanceNormalizationOp());
        register(new LSTMOp());
        register(new RNNOp());
        register(new LayerNormalizationOp());
        register(new LeakyReluOp());
        register(new LessOp());
        register(new LessOrEqualOp());
        register(new LogOp());
        register(new LogSoftmaxOp());
        register(new MatMulOp());
        register(new MaxOp());
        register(new MaxPoolOp());
        register(new MeanOp());
        register(new MinOp());
        register(new MishOp());
        register(new ModOp());
        register(new MulOp());
        register(new NegOp());
        register(new NonZeroOp());
        register(new NotOp());
        register(new OneHotOp());
        register(new OrOp());
        register(new PReluOp());
        register(new PadOp());
        register(new PowOp());
        register(new QuantizeLinearOp());
        register(new RangeOp());
        register(new ReciprocalOp());
        register(new ReduceL1Op());
        register(new ReduceL2Op());
        register(new ReduceLogSumExpOp());
        register(new ReduceLogSumOp());
        register(new ReduceMaxOp());
        register(new ReduceMeanOp());
        register(new ReduceMinOp());
        register(new ReduceProdOp());
        register(new ReduceSumOp());
        register(new ReduceSumSquareOp());
        register(new ReluOp());
        register(new ReshapeOp());
        register(new ResizeOp());
        register(new RoundOp());
        register(new ScatterElementsOp());
        register(new ScatterNDOp());
        register(new SeluOp());
        register(new ShapeOp());
        register(new SigmoidOp());
        register(new SignOp());
        register(new SinOp());
        register(new SinhOp());
        register(new SizeOp());
        register(new SliceOp());
        register(new SoftmaxOp());
        register(new SoftplusOp());
        register(new SoftsignOp());
        register(new SpaceToDepthOp());
        register(new SplitOp());
        register(new SqrtOp());
        register(new SqueezeOp());
        register(new SubOp());
        register(new SumOp());
        register(new TanOp());
        register(new TanhOp());
        register(new TileOp());
        register(new TopKOp());
        register(new TransposeOp());
        register(new TriluOp());
        register(new UnsqueezeOp());
        register(new UpsampleOp());
        register(new WhereOp());
        register(new XorOp());
    }

    private OpRegistry() {}

    private static void register(Op op) {
        if (OPS.put(op.type(), op) != null) throw new IllegalStateException("operator registered twice: " + op.type());
    }

    public static boolean isSupported(String opType) {
        return OPS.containsKey(opType);
    }

    /** Whether the node's operator is supported, including its domain (only the default ONNX domain). */
    public static boolean isSupported(Node node) {
        String d = node.domain();
        boolean defaultDomain = d == null || d.isEmpty() || d.equals("ai.onnx");
        return defaultDomain && isSupported(node.opType());
    }

    public static java.util.Set<String> supportedOps() {
        return Collections.unmodifiableSet(OPS.keySet());
    }

    public static Op get(String opType) {
        Op op = OPS.get(opType);
        if (op == null) throw new ModelException("unsupported operator " + opType);
        return op;
    }
}
