
// The field arithmetic is written for TeaVM's BigInt longs (io.zkml4j.web.js.Mul128Js): without BigInt, no verdict.
var noBigInt = function () { return { ok: false, message: "this JavaScript engine has no BigInt: the verifier cannot run" }; };
var zkml4j = Object.freeze(typeof BigInt === "function" && typeof BigInt64Array === "function"
    ? { verify: exports.verify, fieldCheck: exports.fieldCheck, fieldArithmetic: zkml4j$arithmetic }
    : { verify: noBigInt, fieldCheck: noBigInt, fieldArithmetic: "none" });
root.zkml4j = zkml4j;
if (typeof module === "object" && module !== null && typeof module.exports === "object") module.exports = zkml4j;
})(typeof globalThis !== "undefined" ? globalThis : this);
