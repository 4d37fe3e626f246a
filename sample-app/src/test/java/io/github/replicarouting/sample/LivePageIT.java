package io.github.replicarouting.sample;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.List;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.By;
import org.openqa.selenium.OutputType;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;

import org.springframework.boot.test.web.server.LocalServerPort;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.fail;
import static org.awaitility.Awaitility.await;

/**
 * The live page at {@code /} in a real headless browser: Debian's {@code chromium} driven through
 * its {@code chromedriver} by Selenium, never a downloaded browser. The page shows every target,
 * its burst of reads lands on the replicas, and a replica killed with the page's own button shows
 * as out of rotation within seconds.
 * Screenshots land in {@code target/}.
 *
 * <p>
 * Without the browser this test fails, by design: a page nobody tested is not a tested page.
 * Install them with {@code apt-get install -y chromium chromium-driver}, or point the system
 * properties {@code sample.chromium} and {@code sample.chromedriver} at another installation.
 */
@EmbeddedSampleAppTest
class LivePageIT {

	private static final Path CHROMIUM = Path.of(System.getProperty("sample.chromium", "/usr/bin/chromium"));

	private static final Path CHROMEDRIVER = Path.of(System.getProperty("sample.chromedriver", "/usr/bin/chromedriver"));

	private static final Path SCREENSHOTS = Path.of("target");

	private static ChromeDriver browser;

	@LocalServerPort
	int port;

	@BeforeAll
	static void startBrowser() {
		if (!Files.isExecutable(CHROMIUM) || !Files.isExecutable(CHROMEDRIVER)) {
			fail("The live page test needs a headless Chromium and its driver, and found "
					+ (Files.isExecutable(CHROMIUM) ? "" : "no " + CHROMIUM + " ")
					+ (Files.isExecutable(CHROMEDRIVER) ? "" : "no " + CHROMEDRIVER + " ")
					+ "- install chromium and chromium-driver: apt-get update && apt-get install -y chromium chromium-driver "
					+ "(or set -Dsample.chromium and -Dsample.chromedriver to their paths)");
		}
		ChromeOptions options = new ChromeOptions();
		options.setBinary(CHROMIUM.toFile());
		options.addArguments("--headless", "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage",
				"--disable-background-networking", "--disable-component-update", "--disable-sync", "--no-first-run",
				"--window-size=1200,1000");
		ChromeDriverService service = new ChromeDriverService.Builder().usingDriverExecutable(CHROMEDRIVER.toFile())
			.build();
		browser = new ChromeDriver(service, options);
	}

	@AfterAll
	static void stopBrowser() {
		if (browser != null) {
			browser.quit();
		}
	}

	@AfterEach
	void restartReplica() {
		new SampleHttp(this.port).post("/demo/replicas/replica-1/restart", "");
	}

	@Test
	void pageShouldShowEveryTargetAndAKilledReplicaWithinSeconds() throws IOException {
		browser.get("http://127.0.0.1:" + this.port + "/");
		await().atMost(Duration.ofSeconds(30)).ignoreExceptions().untilAsserted(() -> {
			assertThat(browser.findElements(By.cssSelector(".target")).stream().map((card) -> card.getDomAttribute("data-target")))
				.containsExactly("primary", "replica-1", "replica-2");
			assertThat(state("primary")).isEqualTo("UP");
			assertThat(state("replica-1")).isEqualTo("UP");
			assertThat(state("replica-2")).isEqualTo("UP");
		});
		assertThat(browser.findElement(By.id("demo")).isDisplayed()).isTrue();

		browser.findElement(By.id("burst")).click();
		await().atMost(Duration.ofSeconds(60))
			.untilAsserted(() -> assertThat(browser.findElement(By.id("burst-result")).getText())
				.startsWith("200 reads in")
				.contains("replica-1", "replica-2"));
		screenshot("live-page.png");

		button("replica-1", "kill").click();
		// The click returns at once; the server is dead when the page's next poll says so.
		await().atMost(Duration.ofSeconds(10)).ignoreExceptions()
			.untilAsserted(() -> assertThat(state("replica-1")).isEqualTo("CIRCUIT_OPEN"));
		assertThat(card("replica-1").findElement(By.cssSelector(".breaker")).getText()).startsWith("OPEN");
		assertThat(state("replica-2")).isEqualTo("UP");
		assertThat(browser.findElement(By.id("log")).getText()).contains("replica-1: UP → CIRCUIT_OPEN");
		screenshot("live-page-replica-killed.png");

		await().atMost(Duration.ofSeconds(10)).ignoreExceptions().until(() -> !buttons("replica-1", "restart").isEmpty());
		button("replica-1", "restart").click();
		await().atMost(Duration.ofSeconds(30)).ignoreExceptions().untilAsserted(() -> assertThat(state("replica-1")).isEqualTo("UP"));
	}

	private static WebElement card(String target) {
		return browser.findElement(By.cssSelector(".target[data-target='" + target + "']"));
	}

	private static String state(String target) {
		return card(target).findElement(By.cssSelector(".state")).getText();
	}

	private static List<WebElement> buttons(String target, String action) {
		return card(target).findElements(By.cssSelector("button[data-action='" + action + "']"));
	}

	private static WebElement button(String target, String action) {
		return card(target).findElement(By.cssSelector("button[data-action='" + action + "']"));
	}

	private static void screenshot(String name) throws IOException {
		Files.createDirectories(SCREENSHOTS);
		Path file = browser.getScreenshotAs(OutputType.FILE).toPath();
		Files.copy(file, SCREENSHOTS.resolve(name), StandardCopyOption.REPLACE_EXISTING);
	}

}
