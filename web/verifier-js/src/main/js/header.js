/* zkml4j verifier, compiled from the Java verifier by TeaVM (web/verifier-js). API: zkml4j.verify(verifyingKeyBytes,
   proofFileBytes) -> { ok: boolean, message: string }, never throws. A browser gets the global zkml4j; under node
   require() returns the same object (and globalThis.zkml4j is set). */
(function (root) {
var exports = {};
