package io.zkml4j.web.js;

import io.zkml4j.hash.Hash;

/** {@link io.zkml4j.hash.Hashes} in JavaScript: always the pure-Java SHA-256 (no MessageDigest, no reflection), as {@link Sha256Js}. */
public final class HashesJs {
    private HashesJs() {}

    public static Hash sha256() {
        return Sha256Js.INSTANCE;
    }
}
