package io.seckill.systemtests;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.UUID;

import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.By;
import org.openqa.selenium.Dimension;
import org.openqa.selenium.OutputType;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;
import org.openqa.selenium.support.ui.WebDriverWait;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The live dashboard in a real browser (the distribution's headless Chromium, driven
 * through its chromedriver; nothing is downloaded) during a running sale: the figures it
 * shows move while shoppers buy and end equal to what the API and the database say.
 * Leaves a screenshot at {@code system-tests/target/dashboard.png}.
 */
class DashboardIntegrationTests {

	/**
	 * Enough stock that the load below (8 shoppers, ~80 purchases a second) takes several
	 * of the page's one-second redraws to sell it: the test watches the remaining stock
	 * fall twice.
	 */
	private static final int STOCK = 1_000;

	private static final Path CHROMIUM = Path.of(env("SECKILL_CHROMIUM", "/usr/bin/chromium"));

	private static final Path CHROMEDRIVER = Path.of(env("SECKILL_CHROMEDRIVER", "/usr/bin/chromedriver"));

	private static final Path SCREENSHOT = TestEnvironment.ROOT.resolve("system-tests")
		.resolve("target")
		.resolve("dashboard.png");

	private static SeckillSystem system;

	private static Api api;

	private static ChromeDriver browser;

	private static Path profile;

	@BeforeAll
	static void startBrowser() throws IOException {
		system = SeckillSystem.get();
		api = system.api();
		assertThat(CHROMIUM).as("chromium (apt-get install chromium chromium-driver)").isExecutable();
		assertThat(CHROMEDRIVER).as("chromedriver (apt-get install chromium-driver)").isExecutable();
		profile = Files.createTempDirectory("seckill-chromium");
		ChromeOptions options = new ChromeOptions().setBinary(CHROMIUM.toFile())
			.addArguments("--headless=new", "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage",
					"--disable-quic", "--no-first-run", "--disable-background-networking", "--disable-component-update",
					"--disable-sync", "--window-size=1440,1000", "--user-data-dir=" + profile);
		ChromeDriverService service = new ChromeDriverService.Builder().usingDriverExecutable(CHROMEDRIVER.toFile())
			.usingAnyFreePort()
			.build();
		browser = new ChromeDriver(service, options);
		browser.manage().window().setSize(new Dimension(1440, 1000));
	}

	@AfterAll
	static void stopBrowser() throws IOException {
		if (browser != null) {
			browser.quit();
		}
		if (profile != null) {
			try (var files = Files.walk(profile)) {
				files.sorted(java.util.Comparator.reverseOrder()).forEach((file) -> file.toFile().delete());
			}
		}
	}

	@Test
	void dashboardFollowsARunningSaleAndAgreesWithTheApi() {
		String saleId = "dashboard-" + UUID.randomUUID().toString().substring(0, 8);
		assertThat(api.createSale(saleId, STOCK, 1).status()).isEqualTo(201);
		String dashboard = system.ingress().baseUrl() + "/dashboard";

		browser.get(dashboard);
		waitFor().until((driver) -> driver.findElement(By.id("login")).isDisplayed());
		assertThat(driver().findElement(By.id("main")).isDisplayed()).as("no data without a token").isFalse();
		browser.get(dashboard + "#token=" + Tokens.admin());
		waitFor().until((driver) -> number(saleCell(saleId, "remaining")) == STOCK);
		assertThat(browser.getCurrentUrl()).as("token removed from the address bar").doesNotContain("token=");

		long acceptedBefore = number(tile("accepted"));
		List<Crowd.Accepted> accepted;
		try (SteadyLoad load = SteadyLoad.start(List.of(api), saleId, 8, 5_000, Duration.ofMillis(100))) {
			load.awaitAccepted(40, Duration.ofSeconds(60));
			long acceptedDuring = awaitAbove(tile("accepted"), acceptedBefore);
			long remainingDuring = awaitBelow(saleCell(saleId, "remaining"), STOCK);
			assertThat(remainingDuring).as("the sale still has stock to fall").isPositive();
			load.awaitAccepted(80, Duration.ofSeconds(60));
			awaitAbove(tile("accepted"), acceptedDuring);
			awaitBelow(saleCell(saleId, "remaining"), remainingDuring);
			assertThat(attribute("#chart-purchases path[data-series='accepted']", "d")).contains("L");
			load.close();
			accepted = load.accepted();
		}
		Crowd.awaitDecided(api, accepted, Duration.ofSeconds(120));
		settle(saleId);

		await("dashboard equals the API and the database").atMost(Duration.ofSeconds(20)).untilAsserted(() -> {
			JsonNode sale = api.sale(saleId).json();
			assertThat(number(saleCell(saleId, "remaining"))).isEqualTo(sale.get("remaining").asLong());
			assertThat(number(saleCell(saleId, "sold"))).isEqualTo(Database.liveOrderedQuantity(saleId));
			assertThat(number(saleCell(saleId, "stock"))).isEqualTo(STOCK);
			assertThat(text(saleCell(saleId, "status"))).isEqualTo(sale.get("status").asString());
		});
		assertThat(text("[data-queue='seckill.reservations'] .consumers")).isNotIn("", "0");
		String master = JsonMapper.builder()
			.build()
			.readTree(system.ingress().management("/actuator/health/readiness").body())
			.at("/components/redis/details/master")
			.asString();
		assertThat(text("#redis-master")).contains(master);
		assertThat(text("[data-breaker='redis']")).contains("CLOSED");
		screenshot();
	}

	/**
	 * Brings the sale to rest, so that the figures compared stop moving: the test
	 * system's orders expire 15 s after they are made (a slow run outlives that), and
	 * each expiry changes the sold count and, a moment later, the remaining stock. Pays
	 * every order still payable; those already past their deadline expire and get their
	 * stock back.
	 */
	private static void settle(String saleId) {
		for (List<Object> order : Database.query(
				"SELECT order_id, user_id FROM orders WHERE sale_id = ? AND status = 'AWAITING_PAYMENT'",
				List.of(saleId))) {
			Api.Answer paid = api.pay((String) order.get(0), (String) order.get(1));
			assertThat(paid.status()).as(paid.body()).isIn(200, 409);
		}
		await("every order of the sale paid, or expired and restocked").atMost(Duration.ofSeconds(60))
			.until(() -> Database.count(
					"SELECT COUNT(*) FROM orders WHERE sale_id = ? AND (status = 'AWAITING_PAYMENT' OR restock_pending)",
					saleId) == 0);
	}

	@Test
	void pageIsPublicButItsDataIsForAdminsOnly() {
		Api.Answer page = api.send(api.request("/dashboard").header("Accept", "text/html").GET());
		assertThat(page.status()).isEqualTo(200);
		assertThat(page.body()).contains("<title>Seckill");
		assertThat(page.response().headers().firstValue("Content-Security-Policy")).hasValueSatisfying(
				(policy) -> assertThat(policy).contains("script-src 'self'").doesNotContain("unsafe-inline"));
		assertThat(api.send(api.request("/api/admin/dashboard").GET()).status()).isEqualTo(401);
		assertThat(api
			.send(api.request("/api/admin/dashboard")
				.header("Authorization", "Bearer " + Tokens.shopper("curious"))
				.GET())
			.status()).isEqualTo(403);
		Api.Answer data = api
			.send(api.request("/api/admin/dashboard").header("Authorization", "Bearer " + Tokens.admin()).GET());
		assertThat(data.status()).isEqualTo(200);
		assertThat(data.json().at("/current/queues").size()).isEqualTo(4);
		assertThat(data.json().get("history").size()).isPositive();
	}

	private static String saleCell(String saleId, String column) {
		return "tr[data-sale='" + saleId + "'] ." + column;
	}

	private static String tile(String outcome) {
		return "[data-outcome='" + outcome + "'] .value";
	}

	private static long awaitAbove(String locator, long floor) {
		return await(locator + " above " + floor).atMost(Duration.ofSeconds(30))
			.until(() -> number(locator), (value) -> value > floor);
	}

	private static long awaitBelow(String locator, long ceiling) {
		return await(locator + " below " + ceiling).atMost(Duration.ofSeconds(30))
			.until(() -> number(locator), (value) -> value >= 0 && value < ceiling);
	}

	/** The number an element shows; {@code -1} for none or a dash (unknown). */
	private static long number(String selector) {
		String text = text(selector).replace(",", "");
		return text.matches("\\d+") ? Long.parseLong(text) : -1;
	}

	// Read in one script call: the page redraws every second, so an element found in
	// one WebDriver call may be gone by the next.
	private static String text(String selector) {
		Object text = driver().executeScript(
				"const found = document.querySelector(arguments[0]); return found ? found.textContent : '';", selector);
		return (text != null) ? text.toString().trim() : "";
	}

	private static String attribute(String selector, String name) {
		Object value = driver().executeScript(
				"const found = document.querySelector(arguments[0]); return found ? found.getAttribute(arguments[1]) : '';",
				selector, name);
		return (value != null) ? value.toString() : "";
	}

	private static ChromeDriver driver() {
		return browser;
	}

	private static WebDriverWait waitFor() {
		return new WebDriverWait(browser, Duration.ofSeconds(30));
	}

	private static void screenshot() {
		try {
			Files.createDirectories(SCREENSHOT.getParent());
			Files.write(SCREENSHOT, browser.getScreenshotAs(OutputType.BYTES));
			System.out.println("[dashboard] screenshot at " + SCREENSHOT.toAbsolutePath().normalize());
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
	}

	private static String env(String name, String fallback) {
		String value = System.getenv(name);
		return (value == null || value.isBlank()) ? fallback : value;
	}

}
