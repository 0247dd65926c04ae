package io.zkml4j.server;

import com.fasterxml.jackson.databind.JsonNode;
import io.zkml4j.ml.prover.Visibility;
import io.zkml4j.ml.prover.io.InputData;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.junit.jupiter.api.io.TempDir;
import org.openqa.selenium.By;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;
import org.openqa.selenium.interactions.Actions;
import org.openqa.selenium.interactions.PointerInput;
import org.openqa.selenium.interactions.Sequence;
import org.openqa.selenium.remote.RemoteWebDriver;
import org.openqa.selenium.support.ui.Select;
import org.openqa.selenium.support.ui.WebDriverWait;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.logging.Level;
import java.util.logging.Logger;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/**
 * The web page in a real browser: Debian's chromium, headless, driven by Selenium through Debian's chromedriver (no
 * driver downloads). The service runs in this JVM over digits_lenet and digits_mlp; for each, the test draws a 7 with
 * the mouse, proves it, and reads both verdicts on the page: the JavaScript verifier's in the page (when this build has
 * zkml4j-verifier.js; otherwise the page must say it is missing) and the JVM's; then it tampers and sees both reject.
 * A finger (touch pointer) draws as the mouse does; iris_mlp_sigmoid, no digit classifier, takes its input as JSON.
 * Skipped without chromium and chromedriver, unless ZKML4J_REQUIRE_BROWSER=1 (CI) makes their absence a failure.
 */
class PageBrowserTest {
    static final Path CHROMIUM = Path.of("/usr/bin/chromium"), CHROMEDRIVER = Path.of("/usr/bin/chromedriver");
    static final Duration PROOF_WAIT = Duration.ofMinutes(3);

    @TempDir
    static Path dir;
    static ProvingService service;
    static ChromeDriverService driver;
    static WebDriver browser;
    static Http http;
    /** On a failed test, the page as the browser had it: a screenshot and its HTML under target/browser-failures. */
    @org.junit.jupiter.api.extension.RegisterExtension
    static final org.junit.jupiter.api.extension.TestWatcher EVIDENCE = new org.junit.jupiter.api.extension.TestWatcher() {
        @Override
        public void testFailed(org.junit.jupiter.api.extension.ExtensionContext context, Throwable cause) {
            if (browser == null) return;
            try {
                Path out = Path.of("target", "browser-failures");
                Files.createDirectories(out);
                String name = context.getUniqueId().replaceAll("[^A-Za-z0-9]+", "_");
                byte[] png = ((org.openqa.selenium.TakesScreenshot) browser).getScreenshotAs(org.openqa.selenium.OutputType.BYTES);
                Files.write(out.resolve(name + ".png"), png);
                Files.writeString(out.resolve(name + ".html"), browser.getPageSource(), StandardCharsets.UTF_8);
                System.err.println("PageBrowserTest: the page at the failure is in " + out.toAbsolutePath() + "/" + name + ".{png,html}");
            } catch (Exception e) {
                System.err.println("PageBrowserTest: no screenshot of the failure: " + e);
            }
        }
    };
    // Selenium warns that it has no DevTools bindings for this chromium; the test uses WebDriver only. Held: loggers are weak.
    static final Logger CDP_LOG = Logger.getLogger("org.openqa.selenium.devtools.CdpVersionFinder");

    @BeforeAll
    static void start() throws Exception {
        boolean present = Files.isExecutable(CHROMIUM) && Files.isExecutable(CHROMEDRIVER);
        if (!present && "1".equals(System.getenv("ZKML4J_REQUIRE_BROWSER"))) {
            fail("ZKML4J_REQUIRE_BROWSER=1 but " + CHROMIUM + " or " + CHROMEDRIVER + " is missing (apt-get install chromium chromium-driver)");
        }
        assumeTrue(present, "no " + CHROMIUM + " and " + CHROMEDRIVER + ": the browser test is skipped");
        Path keys = dir.resolve("keys");
        for (String m : List.of("digits_lenet", "digits_mlp", "iris_mlp_sigmoid")) TestKeys.setup(TestKeys.compile(m), Visibility.DEFAULT, keys, m);
        service = ProvingService.start(ServiceConfig.of(keys, dir.resolve("jobs"), 0).withHost("127.0.0.1"));
        http = new Http(service.port());
        driver = new ChromeDriverService.Builder().usingDriverExecutable(CHROMEDRIVER.toFile()).usingAnyFreePort().build();
        ChromeOptions o = new ChromeOptions();
        o.setBinary(CHROMIUM.toFile());
        // Headless as root in a container, with nothing reaching outside the loopback.
        o.addArguments("--headless=new", "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage", "--disable-quic", "--no-first-run",
                "--disable-background-networking", "--disable-component-update", "--disable-sync", "--window-size=1000,1400",
                "--user-data-dir=" + Files.createDirectories(dir.resolve("chromium-profile")));
        CDP_LOG.setLevel(Level.SEVERE);
        browser = new ChromeDriver(driver, o);
    }

    @AfterAll
    static void stop() {
        if (browser != null) browser.quit();
        if (driver != null) driver.stop();
        if (service != null) service.close();
    }

    @ParameterizedTest
    @ValueSource(strings = {"digits_lenet", "digits_mlp"})
    void aDrawnDigitIsProvenVerifiedInThePageAndTamperingIsRejected(String model) throws Exception {
        open(model);
        WebDriverWait wait = new WebDriverWait(browser, PROOF_WAIT);
        assertTrue(browser.findElement(By.id("pad")).isDisplayed(), model + " takes a drawn digit");

        // A 7: a bar and a diagonal, in one stroke (offsets from the pad's center).
        WebElement pad = browser.findElement(By.id("pad"));
        new Actions(browser).moveToElement(pad, -70, -80).clickAndHold().moveByOffset(140, 0).moveByOffset(-90, 170).release().perform();
        double[] x = pageInput(null);
        String shown = Arrays.toString(x);
        assertEquals(64, x.length, shown);
        int ink = 0;
        for (double v : x) {
            double c = v * 16; // sklearn's digits: ink counts 0..16 per 4x4 block, divided by 16
            assertTrue(c >= 0 && c <= 16 && c == Math.rint(c), "not a count of 16ths: " + v);
            ink += (int) c;
        }
        assertTrue(ink > 0, "the drawing reached the input: " + shown);
        // The bar is the top row of the fitted digit, the foot of the diagonal the bottom row.
        assertTrue(x[3] > 0 && x[4] > 0, "the bar is on row 0: " + shown);
        assertTrue(Arrays.stream(x, 56, 64).sum() > 0, "the digit fills the height: " + shown);

        browser.findElement(By.id("prove")).click();
        awaitVerdicts(wait, "js-verdict", "jvm-verdict");
        String job = text("job-id");
        JsonNode scores = http.get("/api/jobs/" + job + "/output").json().get("output_data").get(0);
        int argmax = 0;
        for (int i = 1; i < scores.size(); i++) if (scores.get(i).asDouble() > scores.get(argmax).asDouble()) argmax = i;
        assertEquals(Integer.toString(argmax), text("prediction"), "the prediction is the output's argmax");
        assertEquals("7", text("prediction"), model + " reads the drawn 7");
        assertTrue(text("proof-size").matches("[0-9.]+ KiB"), text("proof-size"));
        assertTrue(text("proving-time").matches("[0-9]+ ms .*"), text("proving-time"));
        assertVerdict("jvm-verdict", "ok", "verified");
        if (jsVerifier()) {
            assertVerdict("js-verdict", "ok", "verified");
            // the page's policy lets the verifier compile its WebAssembly field arithmetic (the BigInt fallback is 2x slower on zk proofs)
            assertTrue(text("verifier-status").endsWith("(field arithmetic: WebAssembly)."), text("verifier-status"));
        } else {
            assertVerdict("js-verdict", "absent", "not available");
            assertTrue(text("verifier-status").contains("/zkml4j-verifier.js: no JavaScript verifier in this build"), text("verifier-status"));
        }

        browser.findElement(By.id("tamper")).click();
        awaitVerdicts(wait, "js-tampered", "jvm-tampered");
        assertTrue(text("tampered-label").startsWith("Tampered (byte "), text("tampered-label"));
        assertVerdict("jvm-tampered", "rejected", "rejected: ");
        if (jsVerifier()) assertVerdict("js-tampered", "rejected", "rejected: ");
        assertEquals("", text("error"));
        // The page's figures, for the build log (timings are one cold run in a fresh page).
        System.out.printf("page %s: prediction %s, proof %s, proving %s; in the page (JS) %s, on the service (JVM) %s%n", model,
                text("prediction"), text("proof-size"), text("proving-time"), text("js-verdict"), text("jvm-verdict"));
    }

    @Test
    void aFingerDrawsToo() throws Exception {
        open("digits_mlp");
        // A touch pointer: the pad takes pointer events, so a finger draws as the mouse does.
        PointerInput finger = new PointerInput(PointerInput.Kind.TOUCH, "finger");
        WebElement pad = browser.findElement(By.id("pad"));
        Sequence stroke = new Sequence(finger, 0)
                .addAction(finger.createPointerMove(Duration.ZERO, PointerInput.Origin.fromElement(pad), 0, -90))
                .addAction(finger.createPointerDown(PointerInput.MouseButton.LEFT.asArg()))
                .addAction(finger.createPointerMove(Duration.ofMillis(100), PointerInput.Origin.fromElement(pad), 0, 90))
                .addAction(finger.createPointerUp(PointerInput.MouseButton.LEFT.asArg()));
        ((RemoteWebDriver) browser).perform(List.of(stroke));
        double[] x = pageInput(null);
        // A vertical line, scaled to the height and centered: ink on every row, in the middle columns only.
        for (int row = 0; row < 8; row++) {
            for (int col = 0; col < 8; col++) {
                if (col != 3 && col != 4) assertEquals(0.0, x[row * 8 + col], "ink off the middle at " + row + "," + col + ": " + Arrays.toString(x));
            }
            assertTrue(x[row * 8 + 3] + x[row * 8 + 4] > 0, "no ink on row " + row + ": " + Arrays.toString(x));
        }
        browser.findElement(By.id("clear")).click();
        assertEquals("", browser.findElement(By.id("input-json")).getDomProperty("value"));

        // Without a pointer: the sample button gives the corpus's digits input, kept across digit models.
        browser.findElement(By.id("sample")).click();
        double[] sample = pageInput(InputData.JSON.readTree(TestKeys.digitsInput().toFile()));
        assertArrayEquals(sample, pageInput(null));
        new Select(browser.findElement(By.id("model"))).selectByValue("digits_lenet");
        assertArrayEquals(sample, pageInput(null));
    }

    @Test
    void otherModelsTakeTheirInputAsJson() throws Exception {
        open("iris_mlp_sigmoid");
        assertFalse(browser.findElement(By.id("pad")).isDisplayed(), "no canvas for a model that is no digit classifier");
        WebElement json = browser.findElement(By.id("input-json"));
        assertTrue(json.isDisplayed());
        assertEquals("{\"input_data\":[[0,0,0,0]]}", json.getDomProperty("value"), "zeros of the input's size to start from");
        json.clear();
        json.sendKeys("{\"input_data\": [[0.1, 2");
        browser.findElement(By.id("prove")).click();
        assertTrue(text("error").startsWith("Input JSON: "), text("error"));
        json.clear();
        json.sendKeys(new String(Files.readAllBytes(TestKeys.shared().resolve("models/iris_mlp_sigmoid/input.json")), StandardCharsets.UTF_8));
        browser.findElement(By.id("prove")).click();
        awaitVerdicts(new WebDriverWait(browser, PROOF_WAIT), "js-verdict", "jvm-verdict");
        assertTrue(text("prediction").matches("[0-2]"), text("prediction"));
        assertVerdict("jvm-verdict", "ok", "verified");
    }

    @Test
    void aServiceWithATokenTakesItFromThePage() throws Exception {
        try (ProvingService guarded = ProvingService.start(ServiceConfig.of(dir.resolve("keys"), dir.resolve("jobs-token"), 0)
                .withHost("127.0.0.1").withToken("s3cret"))) {
            open(guarded, "iris_mlp_sigmoid");
            browser.findElement(By.id("prove")).click();
            new WebDriverWait(browser, PROOF_WAIT).until(d -> !text("error").isEmpty());
            assertEquals("submitting a job needs the header 'Authorization: Bearer TOKEN'", text("error"));
            browser.findElement(By.id("token")).sendKeys("s3cret");
            browser.findElement(By.id("prove")).click();
            awaitVerdicts(new WebDriverWait(browser, PROOF_WAIT), "js-verdict", "jvm-verdict");
            assertVerdict("jvm-verdict", "ok", "verified");
        }
    }

    /** The one input of {@code json} (the page's input JSON when null) as numbers. */
    private static double[] pageInput(JsonNode json) throws Exception {
        JsonNode j = json != null ? json : InputData.JSON.readTree(browser.findElement(By.id("input-json")).getDomProperty("value"));
        JsonNode x = j.get("input_data").get(0);
        double[] v = new double[x.size()];
        for (int i = 0; i < v.length; i++) v[i] = x.get(i).asDouble();
        return v;
    }

    /** Loads the page and picks {@code model}. */
    private static void open(String model) {
        open(service, model);
    }

    private static void open(ProvingService s, String model) {
        browser.get("http://127.0.0.1:" + s.port() + "/");
        new WebDriverWait(browser, PROOF_WAIT).until(d -> d.findElement(By.id("prove")).isEnabled());
        new Select(browser.findElement(By.id("model"))).selectByValue(model);
    }

    /** Whether this build carries the JavaScript verifier (its module's jar on the classpath). */
    private static boolean jsVerifier() {
        return ProvingService.class.getResource(ProvingService.VERIFIER_JS) != null;
    }

    private static String text(String id) {
        return browser.findElement(By.id(id)).getText();
    }

    /** Waits until both cells hold a verdict, or the page shows an error (then fails with it). */
    private static void awaitVerdicts(WebDriverWait wait, String... cells) {
        wait.until(d -> {
            if (!text("error").isEmpty()) fail("the page says: " + text("error"));
            for (String c : cells) {
                String v = d.findElement(By.id(c)).getDomAttribute("data-verdict");
                if (v == null || v.isEmpty() || v.equals("pending")) return false;
            }
            return true;
        });
    }

    private static void assertVerdict(String cell, String verdict, String textStart) {
        WebElement e = browser.findElement(By.id(cell));
        String why = cell + ": " + e.getText() + " (" + text("verifier-status") + ")";
        assertEquals(verdict, e.getDomAttribute("data-verdict"), why);
        assertTrue(e.getText().startsWith(textStart), why);
    }
}
