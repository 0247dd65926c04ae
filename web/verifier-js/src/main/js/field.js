// Goldilocks arithmetic on TeaVM's longs (BigInts holding the JVM's signed 64-bit values), called in place of
// io.zkml4j.field.Goldilocks and GoldilocksExt2 methods (io.zkml4j.web.js.FieldJsPlugin writes the calls). Each gives
// the JVM method's exact 64-bit result for every input, canonical or not (FieldCheck compares them with the JVM's).
// Two implementations: field.wat compiled to WebAssembly (native 64-bit words; a call costs the arguments' conversion
// and one BigInt for the result), and, where WebAssembly cannot be compiled (no WebAssembly, a page whose
// Content-Security-Policy lacks 'wasm-unsafe-eval', or a true global zkml4jNoWasm, which the tests set), these BigInt ones.
// Each returns one BigInt.asIntN(64, ...) of its whole result: node 20's optimizing compiler crashed on a function
// returning either an asIntN result or another value (a V8 bug in its BigInt64 lowering).
// Why: TeaVM compiles the Java word code to a chain of allocating BigInt calls (about 20 for an add, its long
// constants rebuilt on every use); here each is a few operations, mostly wrapped in BigInt.asUintN(64, ...).
var zkml4j$P = 18446744069414584321n, zkml4j$E = 0xFFFFFFFFn; // p = 2^64 - 2^32 + 1; 2^64 = E (mod p)
var zkml4j$P64 = zkml4j$P << 64n;
function zkml4j$u(x) { return BigInt.asUintN(64, x); }
function zkml4j$s(x) { return BigInt.asIntN(64, x); }
var zkml4j$add = function (a, b) {
  var ua = zkml4j$u(a), s = zkml4j$u(ua + zkml4j$u(b));
  if (s < ua) s = zkml4j$u(s + zkml4j$E); // a + b wrapped: it lost 2^64 = E (mod p); wraps again as the JVM's does
  return zkml4j$s(s >= zkml4j$P ? s - zkml4j$P : s);
};
var zkml4j$sub = function (a, b) {
  var ua = zkml4j$u(a), ub = zkml4j$u(b);
  return zkml4j$s(ua < ub ? ua - ub + zkml4j$P : ua - ub);
};
var zkml4j$neg = function (a) { return zkml4j$s(a === 0n ? 0n : zkml4j$P - zkml4j$u(a)); };
var zkml4j$carry = function (a, b, sum) { return ((a & b) | ((a | b) & ~sum)) < 0n ? 1n : 0n; }; // bit 63, as the JVM's
var zkml4j$reduce64 = function (v) { var u = zkml4j$u(v); return zkml4j$s(u >= zkml4j$P ? u - zkml4j$P : u); };
var zkml4j$isCanonical = function (v) { return zkml4j$u(v) < zkml4j$P ? 1 : 0; };
var zkml4j$mul = function (a, b) { return zkml4j$s(zkml4j$u(a) * zkml4j$u(b) % zkml4j$P); };
var zkml4j$unsignedHigh = function (a, b) { return zkml4j$s(zkml4j$u(a) * zkml4j$u(b) >> 64n); }; // Mul128's
var zkml4j$reduce128 = function (lo, hi) { return zkml4j$s((zkml4j$u(lo) | zkml4j$u(hi) << 64n) % zkml4j$P); };
var zkml4j$mulAdd = function (a, b, c) { return zkml4j$s((zkml4j$u(a) * zkml4j$u(b) + zkml4j$u(c)) % zkml4j$P); };
var zkml4j$reduce192 = function (lo, hi, top) {
  return zkml4j$s((zkml4j$u(lo) + (zkml4j$u(hi) << 64n) + (zkml4j$u(top) << 128n)) % zkml4j$P);
};
// dot2Add's JVM word steps give the residue for any words; mul0's high word can wrap (only when a0 * b0 is at least
// p * 2^64, so never for canonical inputs): those inputs take the JVM's word steps, the rest one remainder.
var zkml4j$dot2Add = function (a0, b0, a1, b1, c) {
  return zkml4j$s((zkml4j$u(a0) * zkml4j$u(b0) + zkml4j$u(a1) * zkml4j$u(b1) + zkml4j$u(c)) % zkml4j$P);
};
var zkml4j$mul0 = function (a0, a1, b0, b1) {
  var x = zkml4j$u(a0) * zkml4j$u(b0), w = 7n * (zkml4j$u(a1) * zkml4j$u(b1) % zkml4j$P);
  return zkml4j$s(x < zkml4j$P64 ? (x + w) % zkml4j$P : zkml4j$mul0Words(x, w));
};
function zkml4j$mul0Words(x, w) { // the JVM's: reduce128(lo + loW, hi + hiW + carry) with the high sum wrapped
  var lo = zkml4j$u(x), sum = zkml4j$u(lo + w);
  return (sum + (zkml4j$u((x >> 64n) + (w >> 64n) + (sum < lo ? 1n : 0n)) << 64n)) % zkml4j$P;
}
var zkml4j$mul1 = function (a0, a1, b0, b1) { return zkml4j$dot2Add(a0, b1, a1, b0, 0n); };
var zkml4j$pow = function (base, e) {
  // the exponent's bits as two 32-bit numbers: no BigInt per bit. (Number(BigInt.asUintN(32, e)) on a long that
  // TeaVM's code merges from two branches crashed node 20's optimizing compiler; masking the 64-bit value does not.)
  var x = zkml4j$u(e), lo = Number(x & 0xFFFFFFFFn) | 0, hi = Number(x >> 32n) | 0, r = 1n, b = zkml4j$u(base) % zkml4j$P;
  while (lo !== 0 || hi !== 0) {
    if (lo & 1) r = r * b % zkml4j$P;
    lo = (lo >>> 1) | (hi << 31);
    hi >>>= 1;
    if (lo !== 0 || hi !== 0) b = b * b % zkml4j$P;
  }
  return zkml4j$s(r);
};

var zkml4j$arithmetic = "bigint"; // zkml4j.fieldArithmetic: which of the two runs
(function () {
  if (typeof WebAssembly !== "object" || root.zkml4jNoWasm) return;
  var b64 = "AGFzbQEAAAABKQZgAn5+AX5gAX4BfmADfn5+AX5gAX4Bf2AFfn5+fn4BfmAEfn5+fgF+AxAPAAAAAAABAgEDAgIEBQUAB4gBDwx1bnNpZ25lZEhpZ2gAAAlyZWR1Y2UxMjgAAQNtdWwAAgNhZGQAAwNzdWIABANuZWcABQVjYXJyeQAGCHJlZHVjZTY0AAcLaXNDYW5vbmljYWwACAZtdWxBZGQACQlyZWR1Y2UxOTIACgdkb3QyQWRkAAsEbXVsMAAMBG11bDEADQNwb3cADgqZBQ9rAQd+IABC/////w+DIQIgAEIgiCEDIAFC/////w+DIQQgAUIgiCEFIAIgBH4hBiACIAV+IQcgAyAEfiEIIAMgBX4gB0IgiHwgCEIgiHwgBkIgiCAHQv////8Pg3wgCEL/////D4N8QiCIfAtpAQV+IAFCIIghAiABQv////8PgyEDIAAgAn0hBCAAIAJUBEAgBEL/////D30hBAsgA0IghiADfSEFIAQgBXwhBiAGIAVUBEAgBkL/////D3whBgsgBkKBgICAcH0gBiAGQoGAgIBwWhsLDwAgACABfiAAIAEQABABCzMBAX4gACABfCECIAIgAFQEQCACQv////8PfCECCyACQoGAgIBwfSACIAJCgYCAgHBaGwsZACAAIAF9QoGAgIBwfCAAIAF9IAAgAVQbCxEAQgBCgYCAgHAgAH0gAFAbCxYAIAAgAYMgACABhCACQn+Fg4RCP4gLFwAgAEKBgICAcH0gACAAQoGAgIBwWhsLCwAgAEKBgICAcFQLIwECfiAAIAF+IQMgAyACfCEEIAQgACABEAAgBCADVK18EAELIwAgAlAEfiAAIAEQAQUgACABEAEgAhAHQoGAgIBgEAIQAwsLTQEGfiAAIAF+IQUgAiADfiEGIAUgBnwhByAHIAR8IQggACABEAAgByAFVK18IAggB1StfCEJIAkgAiADEAB8IQogCCAKIAogCVStEAoLOQEEfiABIAMQAiEEIAAgAn4hBSAEQgd+IQYgBSAGfCEHIAcgACACEAAgBEIHEAB8IAcgBVStfBABCw4AIAAgAyABIAJCABALCzcBAX5CASECAkADQCABUA0BIAFCAYOnBEAgAiAAEAIhAgsgACAAEAIhACABQgGIIQEMAAsLIAIL";
  var abc = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/", n = b64.replace(/=+$/, "").length;
  var bytes = new Uint8Array(n * 3 >> 2), bits = 0, acc = 0, k = 0;
  for (var i = 0; i < n; i++) {
    acc = acc << 6 | abc.indexOf(b64.charAt(i));
    bits += 6;
    if (bits >= 8) { bits -= 8; bytes[k++] = acc >> bits & 255; }
  }
  var w;
  try {
    w = new WebAssembly.Instance(new WebAssembly.Module(bytes), {}).exports; // 876 bytes: compiling it synchronously is allowed on a page's main thread
  } catch (e) {
    return; // refused (a Content-Security-Policy) or unsupported: the BigInt functions stay
  }
  zkml4j$add = w.add; zkml4j$sub = w.sub; zkml4j$neg = w.neg; zkml4j$carry = w.carry; zkml4j$reduce64 = w.reduce64;
  zkml4j$isCanonical = w.isCanonical; zkml4j$mul = w.mul; zkml4j$mulAdd = w.mulAdd; zkml4j$reduce192 = w.reduce192;
  zkml4j$dot2Add = w.dot2Add; zkml4j$mul0 = w.mul0; zkml4j$mul1 = w.mul1; zkml4j$pow = w.pow;
  zkml4j$unsignedHigh = w.unsignedHigh; zkml4j$reduce128 = w.reduce128;
  zkml4j$arithmetic = "wasm";
})();
