package io.zkml4j.cli;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;

import static io.zkml4j.cli.CliTest.fails;

/** 'serve' refuses what it cannot serve with one line (the service itself: the server module's tests). */
class ServeCliTest {
    @TempDir
    Path dir;

    @Test
    void badKeysAndOptionsAreOneLine() throws Exception {
        fails("--keys: not a directory", "serve", "--keys", dir.resolve("missing").toString(), "--jobs-dir", dir.resolve("jobs").toString());
        fails("no key directory (with proving.key)", "serve", "--keys", dir.toString(), "--jobs-dir", dir.resolve("jobs").toString());
        Path broken = Files.createDirectories(dir.resolve("keys/broken"));
        Files.writeString(broken.resolve("proving.key"), "not a key");
        fails("broken/proving.key is truncated", "serve", "--keys", dir.resolve("keys").toString(), "--jobs-dir", dir.resolve("jobs").toString());
        fails("--workers must be at least 1", "serve", "--keys", dir.toString(), "--workers", "0");
        fails("--queue must be at least 1", "serve", "--keys", dir.toString(), "--queue", "0");
    }
}
