package dev.flywall.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.flywall.runtime.lab.Lab;
import dev.flywall.runtime.lab.LabPlan;
import dev.flywall.testing.NeedsRoot;
import dev.flywall.testing.NeedsTools;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.By;
import org.openqa.selenium.JavascriptExecutor;
import org.openqa.selenium.OutputType;
import org.openqa.selenium.StaleElementReferenceException;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;
import org.openqa.selenium.support.ui.WebDriverWait;

/**
 * The status page in a real browser (Debian's headless chromium, driven by chromedriver through
 * Selenium) against the real daemon in the lab, reached through {@link LabPageRelay}: a failover
 * shows within a second of the daemon's decision (measured from the event's time to the DOM's
 * change, printed, and a screenshot kept under {@code target/lab-page/}), the buttons work with
 * the token and show the API's refusal without it. One lab for every step: it takes long to build.
 */
@NeedsRoot
@NeedsTools({"nft", "ip", "conntrack", "sysctl", "dnsmasq", "dhclient", "chromium", "chromedriver"})
class LabPageTest {

    static final String NAME = "fwpage" + ProcessHandle.current().pid() % 10000;
    static final String TOKEN = "page-test-token";
    static final Path ARTEFACTS = Path.of("target", "lab-page");

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final HttpClient HTTP = HttpClient.newHttpClient();

    private final Lab lab = new Lab();
    private LabPageRelay relay;
    private WebDriver browser;
    private String base;

    @AfterEach
    void down() throws Exception {
        if (browser != null) {
            browser.quit();
        }
        if (relay != null) {
            relay.close();
        }
        lab.down(NAME);
    }

    @Test
    void thePageShowsAFailoverWithinASecondAndItsButtonsNeedTheToken() throws Exception {
        LabTests.up(NAME, "page.hcl");
        relay = LabPageRelay.start(LabPlan.gatewayNamespace(NAME), Lab.dir(NAME), 8080, 0);
        base = "http://127.0.0.1:" + relay.port();
        browser = chromium();
        browser.get(base + "/");
        awaitText(By.id("live"), "live", Duration.ofSeconds(10));
        awaitText(By.id("active-default"), "eth0", Duration.ofSeconds(10));
        awaitText(By.id("state-eth0"), "up", Duration.ofSeconds(5));
        // the graphs and each target's recent results arrive within a few seconds
        await(
                "latency graph of eth0",
                Duration.ofSeconds(15),
                () -> !browser.findElements(By.cssSelector("[data-uplink='eth0'] .graph.rtt svg path.line"))
                        .isEmpty());
        await(
                "targets of eth0",
                Duration.ofSeconds(10),
                () -> browser.findElements(By.cssSelector("[data-uplink='eth0'] .targets-table tr.ok"))
                                .size()
                        == 2);

        // without the token: the API's refusal is on the page, nothing is pinned
        click("[data-group='default'] .member:nth-child(2) button");
        awaitText(By.id("message"), "refused (401)", Duration.ofSeconds(5));
        System.out.println("LabPageTest: without the token the page shows: "
                + browser.findElement(By.id("message")).getText());
        assertThat(status().at("/groups/0/pinned").isNull()).isTrue();

        // with the token: pin to eth1, then unpin
        browser.findElement(By.id("token")).sendKeys(TOKEN);
        click("[data-group='default'] .member:nth-child(2) button");
        awaitText(By.id("message"), "pin default to eth1: done", Duration.ofSeconds(5));
        awaitText(By.cssSelector("[data-group='default'] .badge.pinned"), "pinned to eth1", Duration.ofSeconds(3));
        awaitText(By.id("active-default"), "eth1", Duration.ofSeconds(3));
        assertThat(status().at("/groups/0/pinned").asText()).isEqualTo("eth1");
        assertThat(((JavascriptExecutor) browser).executeScript("return sessionStorage.getItem('flywall-token')"))
                .as("the token is kept in this tab only")
                .isEqualTo(TOKEN);
        click("[data-group='default'] .actions button:first-child");
        awaitText(By.id("message"), "unpin default: done", Duration.ofSeconds(5));
        backToEth0();
        assertThat(status().at("/groups/0/pinned").isNull()).isTrue();

        // drain and undrain from the page (without the token the API refuses them like pin)
        assertThat(post("/api/wan/drain", "{}")).isEqualTo(401);
        click("[data-uplink='eth0'] .actions button");
        awaitText(By.cssSelector("[data-uplink='eth0'] .badge.drained"), "drained", Duration.ofSeconds(5));
        awaitText(By.id("active-default"), "eth1", Duration.ofSeconds(3));
        assertThat(status().at("/uplinks/0/drained").asBoolean()).isTrue();
        click("[data-uplink='eth0'] .actions button");
        awaitText(By.id("message"), "undrain eth0: done", Duration.ofSeconds(5));
        backToEth0();
        assertThat(status().at("/uplinks/0/drained").asBoolean()).isFalse();

        // the failover: the moment the page's DOM shows eth1 active, against the event's time
        ((JavascriptExecutor) browser)
                .executeScript(
                        "window.__seen = null;"
                                + "new MutationObserver(() => { const a = document.getElementById('active-default');"
                                + " if (!window.__seen && a && a.textContent === 'eth1') window.__seen = Date.now(); })"
                                + ".observe(document.getElementById('groups'), {childList: true, subtree: true, characterData: true});");
        Instant broken = Instant.now();
        lab.breakIsp(NAME, "eth0");
        await("the page shows eth1 active", Duration.ofSeconds(15), () -> seenAt().isPresent());
        Path screenshot = ARTEFACTS.resolve("failover.png");
        Files.createDirectories(ARTEFACTS);
        Files.write(screenshot, ((ChromeDriver) browser).getScreenshotAs(OutputType.BYTES));
        long seen = seenAt().orElseThrow();
        JsonNode failover = failoverEvent(broken);
        long decided = Instant.parse(failover.get("at").asText()).toEpochMilli();
        long latency = seen - decided;
        System.out.println(
                "LabPageTest: failover decided " + failover.get("at").asText() + " (" + failover.get("reason")
                        + "), shown on the page " + latency + " ms later; screenshot " + screenshot.toAbsolutePath());
        assertThat(latency)
                .as("ms from the daemon's decision to the page's DOM")
                .isBetween(0L, 1000L);
        awaitText(By.id("state-eth0"), "down", Duration.ofSeconds(3));
        // the probes behind the failover: eth0's targets shown failing with the state, not a poll later
        await(
                "eth0's targets shown failing",
                Duration.ofMillis(500),
                () -> !browser.findElements(By.cssSelector("[data-uplink='eth0'] .targets tr.failing"))
                        .isEmpty());
        await(
                "the failover in the timeline",
                Duration.ofSeconds(10),
                () -> !browser.findElements(By.cssSelector("#events li[data-kind='failover']"))
                        .isEmpty());

        // manual failback: eth0 recovers, the group waits for the button
        lab.heal(NAME, "eth0");
        awaitText(By.id("state-eth0"), "up", Duration.ofSeconds(20));
        awaitText(
                By.cssSelector("[data-group='default'] .badge.warn"),
                "awaiting manual failback",
                Duration.ofSeconds(5));
        assertThat(textOf(By.id("active-default"))).isEqualTo("eth1");
        click("[data-group='default'] .actions button:nth-child(2)");
        awaitText(By.id("message"), "failback default: done", Duration.ofSeconds(5));
        awaitText(By.id("active-default"), "eth0", Duration.ofSeconds(3));
    }

    /**
     * After an unpin or an undrain the group returns to eth0 at once, or (failback = "manual") the
     * page shows it waiting for its manual failback and its failback button brings it back: which
     * one is the engine's rule, not the page's.
     */
    private void backToEth0() throws InterruptedException {
        await(
                "eth0 back, or a manual failback awaited",
                Duration.ofSeconds(3),
                () -> textOf(By.id("active-default")).equals("eth0")
                        || !browser.findElements(By.cssSelector("[data-group='default'] .badge.warn"))
                                .isEmpty());
        if (!textOf(By.id("active-default")).equals("eth0")) {
            System.out.println("LabPageTest: the group waits for its manual failback; pressing the page's failback");
            click("[data-group='default'] .actions button:nth-child(2)");
        }
        awaitText(By.id("active-default"), "eth0", Duration.ofSeconds(3));
    }

    private static WebDriver chromium() {
        ChromeOptions options = new ChromeOptions();
        options.setBinary("/usr/bin/chromium");
        // root in a container: chromium's sandbox needs user namespaces it may not have
        options.addArguments(
                "--headless=new",
                "--no-sandbox",
                "--disable-dev-shm-usage",
                "--window-size=1280,1800",
                "--no-proxy-server");
        ChromeDriverService service = new ChromeDriverService.Builder()
                .usingDriverExecutable(Path.of("/usr/bin/chromedriver").toFile())
                .usingAnyFreePort()
                .build();
        return new ChromeDriver(service, options);
    }

    private Optional<Long> seenAt() {
        Object v = ((JavascriptExecutor) browser).executeScript("return window.__seen;");
        return v instanceof Number n ? Optional.of(n.longValue()) : Optional.empty();
    }

    private JsonNode failoverEvent(Instant after) throws Exception {
        JsonNode events = get("/api/wan/history?since=" + after.minusSeconds(1) + "&limit=100")
                .get("events");
        for (JsonNode e : events) {
            if (e.get("kind").asText().equals("failover")
                    && e.get("to").asText().equals("eth1")
                    && !Instant.parse(e.get("at").asText()).isBefore(after.minusSeconds(1))) {
                return e;
            }
        }
        throw new AssertionError("no failover to eth1 in the history: " + events.toPrettyString());
    }

    private void click(String css) {
        browser.findElement(By.cssSelector(css)).click();
    }

    private void awaitText(By by, String text, Duration limit) {
        // the page redraws the uplinks four times a second: an element read may be gone already
        new WebDriverWait(browser, limit)
                .ignoring(StaleElementReferenceException.class)
                .withMessage(() -> by + " to contain \"" + text + "\"; page: " + pageText())
                .until(d -> d.findElements(by).stream().map(WebElement::getText).anyMatch(t -> t.contains(text)));
    }

    /** The element's text now, read again when the page redrew it between finding and reading. */
    private String textOf(By by) {
        for (int attempt = 0; ; attempt++) {
            try {
                return browser.findElement(by).getText();
            } catch (StaleElementReferenceException redrawn) {
                if (attempt == 5) {
                    throw redrawn;
                }
            }
        }
    }

    private String pageText() {
        try {
            return browser.findElement(By.tagName("body")).getText();
        } catch (RuntimeException e) {
            return "(unreadable: " + e + ")";
        }
    }

    private void await(String what, Duration limit, java.util.function.BooleanSupplier condition)
            throws InterruptedException {
        java.util.function.BooleanSupplier fresh = () -> {
            try {
                return condition.getAsBoolean();
            } catch (StaleElementReferenceException redrawn) {
                return false;
            }
        };
        assertThat(RunningLab.await(limit, fresh))
                .as(what + "; page: %s", pageText())
                .isTrue();
    }

    private JsonNode status() throws Exception {
        return get("/api/wan/status");
    }

    private JsonNode get(String path) throws Exception {
        HttpResponse<String> r = HTTP.send(
                HttpRequest.newBuilder(URI.create(base + path)).build(), HttpResponse.BodyHandlers.ofString());
        assertThat(r.statusCode()).as(path + ": " + r.body()).isEqualTo(200);
        return JSON.readTree(r.body());
    }

    private int post(String path, String body) throws Exception {
        return HTTP.send(
                        HttpRequest.newBuilder(URI.create(base + path))
                                .POST(HttpRequest.BodyPublishers.ofString(body))
                                .build(),
                        HttpResponse.BodyHandlers.discarding())
                .statusCode();
    }
}
