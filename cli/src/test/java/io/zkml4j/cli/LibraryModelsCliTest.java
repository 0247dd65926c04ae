package io.zkml4j.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Models made by tools/models/make_library_models.py with PyTorch, scikit-learn and XGBoost prove through prove-all
 * (the GPT decoder is left to the docs' run: ~30 s to prove). Skipped where Debian's python3 or one of those
 * libraries is missing.
 */
class LibraryModelsCliTest {
    static final List<String> MODELS = List.of("torch_lstm", "torch_gru", "sklearn_decision_tree", "sklearn_random_forest", "xgboost_classifier",
            "sklearn_random_forest_regressor");

    @Test
    void libraryModelsProveAndVerify(@TempDir Path tmp) throws Exception {
        Path python = Paths.get("/usr/bin/python3");
        Path script = Paths.get("").toAbsolutePath().getParent().resolve("tools/models/make_library_models.py");
        assumeTrue(Files.isExecutable(python) && Files.isRegularFile(script), "python3 or the script missing");
        Path out = tmp.resolve("models");
        List<String> cmd = new ArrayList<>(List.of(python.toString(), script.toString(), out.toString()));
        cmd.addAll(MODELS);
        Process p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
        String log = new String(p.getInputStream().readAllBytes());
        assertTrue(p.waitFor(300, TimeUnit.SECONDS), "script timed out");
        assumeTrue(!log.contains("ModuleNotFoundError"), "a library is missing: " + log);
        assertEquals(0, p.exitValue(), log);
        CliTest.Result r = CliTest.run("prove-all", out.toString());
        assertEquals(0, r.code(), r.out() + r.err());
        for (String m : MODELS) {
            assertTrue(r.out().lines().anyMatch(l -> l.startsWith(m + " ") && l.contains(" proven ")), m + " not proven:\n" + r.out());
        }
    }
}
