package io.zkml4j.ml.prover;

import io.zkml4j.field.GoldilocksExt2;

/** An evaluation claim v(point) = value on a committed vector, proven by the batched opening at the end. */
record Claim(int vec, GoldilocksExt2[] point, Val value) {}
