
var zkml4j = Object.freeze({ verify: exports.verify, fieldCheck: exports.fieldCheck });
root.zkml4j = zkml4j;
if (typeof module === "object" && module !== null && typeof module.exports === "object") module.exports = zkml4j;
})(typeof globalThis !== "undefined" ? globalThis : this);
