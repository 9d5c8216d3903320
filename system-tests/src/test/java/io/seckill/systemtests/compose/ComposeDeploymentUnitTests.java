package io.seckill.systemtests.compose;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import java.util.stream.Stream;

import org.junit.jupiter.api.Test;
import org.yaml.snakeyaml.LoaderOptions;
import org.yaml.snakeyaml.Yaml;
import org.yaml.snakeyaml.constructor.SafeConstructor;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import io.seckill.systemtests.settings.ServiceSettings;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * What can be checked of {@code compose/} on a machine without a Docker engine: the files
 * parse, and they agree with the services' own configuration (the variables they read, as
 * {@link ServiceSettings} gathers them, their ports, the Redis Sentinel settings of
 * {@code scripts/redis-topology.sh}, the meter names in the Java sources).
 * {@code docker compose config} needs the compose plugin, which this machine lacks, so
 * the compose file is read as plain YAML (anchors and merge keys resolved, {@code ${VAR}}
 * interpolation left as text).
 */
class ComposeDeploymentUnitTests {

	private static final Path ROOT = ServiceSettings.repositoryRoot();

	private static final Path COMPOSE = ROOT.resolve("compose");

	private static final Set<String> TOPOLOGY = Set.of("redis-master", "redis-replica-1", "redis-replica-2",
			"sentinel-1", "sentinel-2", "sentinel-3", "rabbitmq", "mysql", "ingress", "reservation-worker",
			"order-worker", "nginx", "prometheus", "grafana");

	/** Processes scaled with {@code --scale}: no fixed container name, no host port. */
	private static final Set<String> SCALABLE = Set.of("ingress", "reservation-worker", "order-worker");

	/**
	 * Variables a Seckill service may get besides {@code SECKILL_*}: the JVM's own, and
	 * Spring Boot properties through relaxed binding that the README documents.
	 */
	private static final Set<String> OTHER_SERVICE_VARIABLES = Set.of("JAVA_TOOL_OPTIONS",
			"SERVER_FORWARD_HEADERS_STRATEGY");

	/**
	 * Framework metrics the dashboard may use, each with the dependency that makes a
	 * service export it ({@code pom.xml} path and artifactId).
	 */
	private static final Map<String, List<String>> FRAMEWORK_METRICS = Map.of("up", List.of(),
			"http_server_requests_seconds_count", List.of("ingress/pom.xml", "spring-boot-starter-webmvc"),
			"jvm_memory_used_bytes", List.of("common/pom.xml", "spring-boot-starter-actuator"),
			"hikaricp_connections_active", List.of("common/pom.xml", "spring-boot-starter-jdbc"),
			"hikaricp_connections_pending", List.of("common/pom.xml", "spring-boot-starter-jdbc"),
			"rabbitmq_published_total", List.of("common/pom.xml", "spring-boot-starter-amqp"),
			"rabbitmq_consumed_total", List.of("common/pom.xml", "spring-boot-starter-amqp"),
			"resilience4j_circuitbreaker_state", List.of("ingress/pom.xml", "resilience4j-micrometer"));

	private static final Pattern PLACEHOLDER = Pattern.compile("\\$\\{([A-Z][A-Z0-9_]*)(?::([^}]*))?}");

	private static final Pattern INTERPOLATION = Pattern.compile("\\$\\{([A-Za-z_][A-Za-z0-9_]*)");

	private static final Pattern METER_NAME = Pattern.compile("\"(seckill(?:\\.[a-z0-9_]+)+)\"");

	private static final List<String> PROMETHEUS_SUFFIXES = List.of("_seconds_bucket", "_seconds_count", "_seconds_sum",
			"_seconds_max", "_seconds", "_total", "_bucket", "_count", "_sum", "_max");

	private static final Set<String> PROMQL_KEYWORDS = Set.of("and", "or", "unless", "bool", "offset", "by", "without",
			"on", "ignoring", "group_left", "group_right", "inf", "nan");

	private final Map<String, Object> compose = yaml(COMPOSE.resolve("docker-compose.yml"));

	@Test
	void composeFileDescribesTheWholeTopology() {
		assertThat(services().keySet()).containsExactlyInAnyOrderElementsOf(TOPOLOGY);
		assertThat(map(service("ingress"), "deploy").get("replicas")).isEqualTo(2);
	}

	@Test
	void everyServiceHasAPinnedImageOrABuildAHealthCheckAndAMemoryLimit() {
		services().forEach((name, service) -> {
			if (service.containsKey("build")) {
				assertThat(map(service, "build").get("dockerfile")).as(name).isEqualTo("compose/Dockerfile");
			}
			else {
				assertThat(service).as(name).containsKey("image");
			}
			if (service.containsKey("image")) {
				assertThat(pinned((String) service.get("image"))).as("%s image %s", name, service.get("image"))
					.isTrue();
			}
			assertThat(healthCheck(service)).as("%s health check", name).isNotBlank().doesNotStartWith("NONE");
			assertThat(map(map(map(service, "deploy"), "resources"), "limits").get("memory")).as("%s memory", name)
				.asString()
				.matches("[0-9]+[mg]");
			assertThat(service.get("restart")).as(name).isEqualTo("unless-stopped");
		});
	}

	@Test
	void dockerfileBaseImagesArePinned() throws IOException {
		Matcher images = Pattern.compile("(?m)^ARG [A-Z_]+_IMAGE=(\\S+)$")
			.matcher(Files.readString(COMPOSE.resolve("Dockerfile")));
		int count = 0;
		while (images.find()) {
			assertThat(pinned(images.group(1))).as(images.group(1)).isTrue();
			count++;
		}
		assertThat(count).isEqualTo(2);
	}

	@Test
	void imagePinningRefusesLatestAndMissingTags() {
		assertThat(pinned("redis:7.4.2-alpine")).isTrue();
		assertThat(pinned("redis")).isFalse();
		assertThat(pinned("redis:latest")).isFalse();
		assertThat(pinned("registry:5000/redis")).isFalse();
	}

	@Test
	void dependenciesWaitUntilTheyAreHealthy() {
		services().forEach((name, service) -> {
			Object dependsOn = service.get("depends_on");
			if (dependsOn == null) {
				return;
			}
			assertThat(dependsOn).as("%s depends_on must be a map with conditions", name).isInstanceOf(Map.class);
			map(service, "depends_on").forEach((dependency, settings) -> {
				assertThat(services()).as("%s depends on %s", name, dependency).containsKey(dependency);
				assertThat(((Map<?, ?>) settings).get("condition")).as("%s -> %s", name, dependency)
					.isEqualTo("service_healthy");
			});
		});
		assertThat(map(service("ingress"), "depends_on")).containsKeys("mysql", "rabbitmq", "sentinel-1", "sentinel-2",
				"sentinel-3");
		assertThat(map(service("nginx"), "depends_on")).containsKey("ingress");
	}

	@Test
	void scaledServicesHaveNoFixedNameOrHostPort() {
		for (String name : SCALABLE) {
			assertThat(service(name)).as(name).doesNotContainKeys("container_name", "ports");
		}
		services().values().forEach((service) -> assertThat(service).doesNotContainKey("container_name"));
	}

	@Test
	void seckillServicesSetOnlyVariablesTheApplicationReads() {
		for (String name : seckillServices()) {
			Set<String> unread = unreadVariables(environment(service(name)).keySet(), variablesRead(module(name)));
			assertThat(unread).as("variables set on %s that %s does not read", name, module(name)).isEmpty();
		}
	}

	@Test
	void unreadVariableIsReported() {
		Set<String> read = variablesRead("order-worker");
		assertThat(read).contains("SECKILL_REDIS_SENTINELS", "SECKILL_ORDER_CONCURRENCY", "SECKILL_DB_HOST");
		assertThat(unreadVariables(Set.of("SECKILL_ORDER_CONCURRENCY", "SECKILL_HTTP_PORT", "SPRING_PROFILES_ACTIVE"),
				read))
			.containsExactlyInAnyOrder("SECKILL_HTTP_PORT", "SPRING_PROFILES_ACTIVE");
	}

	@Test
	void seckillServicesOverrideEveryLocalhostDefault() {
		for (String name : seckillServices()) {
			Map<String, String> defaults = placeholderDefaults(module(name));
			Set<String> localDefaults = defaults.entrySet()
				.stream()
				.filter((entry) -> entry.getValue().contains("127.0.0.1"))
				.map(Map.Entry::getKey)
				.collect(Collectors.toSet());
			assertThat(localDefaults).contains("SECKILL_REDIS_SENTINELS", "SECKILL_DB_HOST", "SECKILL_RABBITMQ_HOST");
			assertThat(environment(service(name))).as(name).containsKeys(localDefaults.toArray(String[]::new));
		}
		assertThat(environment(service("ingress"))).containsKey("SECKILL_JWT_SECRET");
	}

	@Test
	void brokerAndDatabaseSettingsMatchTheirServices() {
		Map<String, Object> rabbitmq = environment(service("rabbitmq"));
		Map<String, Object> mysql = environment(service("mysql"));
		for (String name : seckillServices()) {
			Map<String, Object> environment = environment(service(name));
			assertThat(environment).as(name)
				.containsEntry("SECKILL_RABBITMQ_HOST", "rabbitmq")
				.containsEntry("SECKILL_RABBITMQ_PORT", "5672")
				.containsEntry("SECKILL_RABBITMQ_VHOST", rabbitmq.get("RABBITMQ_DEFAULT_VHOST"))
				.containsEntry("SECKILL_RABBITMQ_USER", rabbitmq.get("RABBITMQ_DEFAULT_USER"))
				.containsEntry("SECKILL_DB_HOST", "mysql")
				.containsEntry("SECKILL_DB_PORT", "3306")
				.containsEntry("SECKILL_DB_NAME", mysql.get("MYSQL_DATABASE"))
				.containsEntry("SECKILL_DB_USER", mysql.get("MYSQL_USER"));
			assertThat(interpolated(environment.get("SECKILL_RABBITMQ_PASSWORD")))
				.isEqualTo(interpolated(rabbitmq.get("RABBITMQ_DEFAULT_PASS")));
			assertThat(interpolated(environment.get("SECKILL_DB_PASSWORD")))
				.isEqualTo(interpolated(mysql.get("MYSQL_PASSWORD")));
		}
		assertThat(healthCheck(service("mysql"))).contains("-h 127.0.0.1");
	}

	@Test
	void redisSentinelSettingsAgreeWithTheApplicationAndTheTopologyScript() throws IOException {
		List<String> sentinelConf = Files.readAllLines(COMPOSE.resolve("redis/sentinel.conf"));
		List<String> redisConf = Files.readAllLines(COMPOSE.resolve("redis/redis.conf"));
		String[] monitor = directive(sentinelConf, "sentinel monitor").split("\\s+");
		String masterName = monitor[0];
		String masterHost = monitor[1];
		int quorum = Integer.parseInt(monitor[3]);
		String sentinelPort = directive(sentinelConf, "port");
		String redisPort = directive(redisConf, "port");
		List<String> sentinels = servicesRunning("sentinel.sh");
		List<String> dataNodes = servicesRunning("redis-node.sh");

		assertThat(sentinels).containsExactlyInAnyOrder("sentinel-1", "sentinel-2", "sentinel-3");
		assertThat(dataNodes).containsExactlyInAnyOrder("redis-master", "redis-replica-1", "redis-replica-2");
		assertThat(quorum).isLessThanOrEqualTo(sentinels.size()).isGreaterThan(sentinels.size() / 2);
		assertThat(masterHost).isEqualTo("redis-master");
		assertThat(monitor[2]).isEqualTo(redisPort);
		assertThat(directive(sentinelConf, "sentinel resolve-hostnames")).isEqualTo("yes");
		assertThat(directive(sentinelConf, "sentinel announce-hostnames")).isEqualTo("yes");
		assertThat(Files.readString(COMPOSE.resolve("redis/sentinel.sh"))).contains("auth-pass " + masterName + " ");

		for (String name : seckillServices()) {
			Map<String, Object> environment = environment(service(name));
			assertThat(environment.get("SECKILL_REDIS_MASTER")).as(name).isEqualTo(masterName);
			assertThat(sentinelAddresses((String) environment.get("SECKILL_REDIS_SENTINELS"))).as(name)
				.containsExactlyInAnyOrderElementsOf(
						sentinels.stream().map((sentinel) -> sentinel + ":" + sentinelPort).toList());
			assertThat(interpolated(environment.get("SECKILL_REDIS_PASSWORD"))).as(name).isEqualTo("REDIS_PASSWORD");
		}
		for (String name : sentinels) {
			assertThat(environment(service(name)).get("ANNOUNCE_HOST")).isEqualTo(name);
			assertThat(healthCheck(service(name))).contains("-p " + sentinelPort, "ckquorum " + masterName);
		}
		for (String name : dataNodes) {
			Map<String, Object> environment = environment(service(name));
			assertThat(environment.get("ANNOUNCE_HOST")).isEqualTo(name);
			assertThat(environment.get("REPLICA_OF")).as(name)
				.isEqualTo(name.equals(masterHost) ? null : masterHost + " " + redisPort);
			assertThat(interpolated(environment.get("REDIS_PASSWORD"))).isEqualTo("REDIS_PASSWORD");
			assertThat(healthCheck(service(name))).contains("-p " + redisPort);
			// A restarted node asks these sentinels whom to follow (redis-node.sh).
			assertThat(List.of(String.valueOf(environment.get("SENTINELS")).split(" "))).as(name)
				.containsExactlyInAnyOrderElementsOf(
						sentinels.stream().map((sentinel) -> sentinel + ":" + sentinelPort).toList());
			assertThat(environment.get("MASTER_NAME")).as(name).isEqualTo(masterName);
		}
	}

	@Test
	void redisTimingsAndWriteSafetyMatchTheTopologyScript() throws IOException {
		String script = Files.readString(ROOT.resolve("scripts/redis-topology.sh"));
		List<String> sentinelConf = Files.readAllLines(COMPOSE.resolve("redis/sentinel.conf"));
		List<String> redisConf = Files.readAllLines(COMPOSE.resolve("redis/redis.conf"));
		String masterName = directive(sentinelConf, "sentinel monitor").split("\\s+")[0];
		assertThat(match(script, "sentinel down-after-milliseconds \\$NAME (\\$\\{DOWN_AFTER_MS\\[[^\n]*)"))
			.startsWith("${DOWN_AFTER_MS[$(($1 - SENTINEL_PORT))]}");
		assertThat(directive(sentinelConf, "sentinel down-after-milliseconds"))
			.isEqualTo(masterName + " @DOWN_AFTER_MS@");
		List<String> sentinels = servicesRunning("sentinel.sh");
		assertThat(sentinels.stream().map((name) -> environment(service(name)).get("DOWN_AFTER_MS")).toList())
			.as("down-after-milliseconds of %s", sentinels)
			.isEqualTo(List.of(match(script, "\nDOWN_AFTER_MS=\\(([0-9 ]+)\\)\n").split(" ")));
		assertThat(directive(sentinelConf, "sentinel failover-timeout"))
			.isEqualTo(masterName + " " + match(script, "\nFAILOVER_TIMEOUT_MS=(\\d+)\n"));
		assertThat(directive(sentinelConf, "sentinel parallel-syncs"))
			.isEqualTo(masterName + " " + match(script, "\nPARALLEL_SYNCS=(\\d+)\n"));
		assertThat(script).contains("sentinel failover-timeout $NAME $FAILOVER_TIMEOUT_MS\n",
				"sentinel parallel-syncs $NAME $PARALLEL_SYNCS\n");
		for (String setting : List.of("min-replicas-to-write", "min-replicas-max-lag", "repl-diskless-sync-delay")) {
			String scripted = match(script, "\n" + setting + " (\\d+)\n");
			assertThat(directive(redisConf, setting)).as(setting).isEqualTo(scripted);
		}
		assertThat(directive(redisConf, "repl-backlog-size")).as("repl-backlog-size")
			.isEqualTo(match(script, "\nrepl-backlog-size (\\S+)\n"));
		assertThat(match(script, "sentinel monitor \\$NAME \\$2 \\$3 (\\d+)"))
			.isEqualTo(directive(sentinelConf, "sentinel monitor").split("\\s+")[3]);
	}

	@Test
	void servicesHoldCommandsBackLongerThanOneFailoverAttempt() throws IOException {
		// From +try-failover the services hold Redis commands back until +switch-master
		// or
		// an abort, for at most seckill.redis.watch.fence-timeout: a whole attempt (the
		// vote and the promotion, each bounded by failover-timeout) must fit, or the
		// services would write to the old master while it is being replaced.
		String fenceTimeout = ServiceSettings.of(ROOT, "ingress")
			.get("SECKILL_REDIS_WATCH_FENCE_TIMEOUT")
			.defaultValue();
		assertThat(fenceTimeout).matches("\\d+s");
		long fenceMillis = Duration.parse("PT" + fenceTimeout.toUpperCase()).toMillis();
		long failoverTimeout = Long.parseLong(match(Files.readString(COMPOSE.resolve("redis/sentinel.conf")),
				"\nsentinel failover-timeout \\S+ (\\d+)\n"));
		assertThat(fenceMillis).isGreaterThanOrEqualTo(2 * failoverTimeout);
	}

	@Test
	void imagePortsMatchTheApplicationsHealthChecksAndScrapeTargets() throws IOException {
		String dockerfile = Files.readString(COMPOSE.resolve("Dockerfile"));
		assertThat(dockerfile).contains("ARG PORT\n", "EXPOSE ${PORT}\n",
				"java -Djarmode=tools -jar app.jar extract --layers --launcher",
				"org.springframework.boot.loader.launch.JarLauncher",
				"COPY --from=build /src/${MODULE}/target/seckill-${MODULE}-*-exec.jar app.jar");
		for (String name : seckillServices()) {
			String module = module(name);
			String port = effectivePort(name);
			assertThat(map(map(service(name), "build"), "args").get("PORT")).as("%s EXPOSE", name).isEqualTo(port);
			assertThat(healthCheck(service(name))).as(name)
				.contains("http://127.0.0.1:" + port + "/actuator/health/readiness");
			assertThat(scrapeJob(name)).as("%s scrape job", name).containsEntry("metrics_path", "/actuator/prometheus");
			Map<String, Object> discovery = list(scrapeJob(name), "dns_sd_configs").get(0);
			assertThat(discovery.get("names")).as(name).isEqualTo(List.of(name));
			assertThat(discovery.get("port")).as(name).isEqualTo(Integer.parseInt(effectiveManagementPort(name)));
			String pom = Files.readString(ROOT.resolve(module).resolve("pom.xml"));
			assertThat(pom).as("%s jar name", module)
				.contains("<artifactId>seckill-" + module + "</artifactId>", "<classifier>exec</classifier>");
		}
	}

	@Test
	void prometheusScrapesOnlyRealServicesOnTheirMetricsEndpoint() throws IOException {
		Map<String, Object> prometheus = yaml(COMPOSE.resolve("prometheus/prometheus.yml"));
		Set<String> jobs = new TreeSet<>();
		for (Map<String, Object> job : list(prometheus, "scrape_configs")) {
			jobs.add((String) job.get("job_name"));
			if (job.containsKey("dns_sd_configs")) {
				assertThat(job.get("metrics_path")).as("%s", job).isEqualTo("/actuator/prometheus");
				for (Map<String, Object> discovery : list(job, "dns_sd_configs")) {
					assertThat(services()).containsKeys(((List<?>) discovery.get("names")).toArray(String[]::new));
				}
			}
			else {
				assertThat(job.get("job_name")).isEqualTo("prometheus");
			}
		}
		assertThat(jobs).containsAll(seckillServices());
		String shared = Files.readString(ROOT.resolve("common/src/main/resources/seckill-shared.yml"));
		assertThat(match(shared, "include: ([a-z,]+)")).contains("prometheus", "health");
		assertThat(volumes(service("prometheus")))
			.contains("./prometheus/prometheus.yml:/etc/prometheus/prometheus.yml:ro");
	}

	@Test
	void nginxBalancesOverTheIngressReplicas() throws IOException {
		String nginx = Files.readString(COMPOSE.resolve("nginx/nginx.conf"));
		Matcher upstreams = Pattern.compile("upstream (\\S+) \\{([^}]*)}").matcher(nginx);
		Set<String> names = new LinkedHashSet<>();
		while (upstreams.find()) {
			names.add(upstreams.group(1));
			Matcher servers = Pattern.compile("\\bserver (\\S+):(\\d+)").matcher(upstreams.group(2));
			assertThat(servers.find()).as("upstream %s has servers", upstreams.group(1)).isTrue();
			do {
				assertThat(module(servers.group(1))).isEqualTo("ingress");
				assertThat(servers.group(2)).isEqualTo(effectivePort(servers.group(1)));
			}
			while (servers.find());
		}
		assertThat(names).containsExactly("ingress");
		Matcher proxied = Pattern.compile("proxy_pass http://([^;/]+)").matcher(nginx);
		while (proxied.find()) {
			assertThat(names).contains(proxied.group(1));
		}
		assertThat(healthCheck(service("nginx"))).contains("/nginx-health");
		assertThat(nginx).contains("location = /nginx-health");
	}

	@Test
	void grafanaDashboardQueriesMetricsTheServicesExport() throws IOException {
		JsonNode dashboard = JsonMapper.builder().build().readTree(Files.readString(dashboardFile()));
		List<String> queries = new ArrayList<>();
		collect(dashboard, "expr", queries);
		Set<String> meters = meterNames();
		Set<String> used = new TreeSet<>();
		for (String query : queries) {
			for (String metric : metricNames(query)) {
				used.add(metric);
				assertThat(exported(metric, meters)).as("metric %s of query %s", metric, query).isTrue();
			}
		}
		assertThat(queries).hasSizeGreaterThan(20);
		assertThat(used).contains("seckill_purchases_total", "seckill_worker_messages_total",
				"seckill_purchase_latency_seconds_bucket", "seckill_queue_messages_ready", "seckill_redis_master_info",
				"resilience4j_circuitbreaker_state");
		List<String> datasources = new ArrayList<>();
		collect(dashboard, "uid", datasources);
		Map<String, Object> provisioned = list(yaml(COMPOSE.resolve("grafana/provisioning/datasources/prometheus.yml")),
				"datasources")
			.get(0);
		assertThat(datasources).contains((String) provisioned.get("uid"));
		assertThat(provisioned.get("url")).isEqualTo("http://prometheus:9090");
	}

	@Test
	void metricNamesAreReadFromPromQl() {
		assertThat(metricNames(
				"sum by (worker) (rate(a_total{queue=\"x\"}[$__rate_interval])) / on(worker) b_count > bool 0"))
			.containsExactlyInAnyOrder("a_total", "b_count");
		assertThat(exported("seckill_purchases_total", Set.of("seckill_purchases"))).isTrue();
		assertThat(exported("seckill_nothing_total", Set.of("seckill_purchases"))).isFalse();
		assertThat(exported("jvm_threads_live_threads", Set.of())).isFalse();
	}

	@Test
	void grafanaProvisionsTheDashboardFromTheMountedFolder() {
		Map<String, Object> provider = list(yaml(COMPOSE.resolve("grafana/provisioning/dashboards/seckill.yml")),
				"providers")
			.get(0);
		String path = (String) map(provider, "options").get("path");
		assertThat(volumes(service("grafana"))).contains("./grafana/dashboards:" + path + ":ro",
				"./grafana/provisioning:/etc/grafana/provisioning:ro");
		assertThat(environment(service("grafana")).get("GF_DASHBOARDS_DEFAULT_HOME_DASHBOARD_PATH"))
			.isEqualTo(path + "/seckill.json");
	}

	@Test
	void secretsComeFromTheIgnoredEnvFile() throws IOException {
		Map<String, String> example = new LinkedHashMap<>();
		for (String line : Files.readAllLines(COMPOSE.resolve(".env.example"))) {
			if (!line.isBlank() && !line.startsWith("#")) {
				example.put(line.substring(0, line.indexOf('=')), line.substring(line.indexOf('=') + 1));
			}
		}
		String text = Files.readString(COMPOSE.resolve("docker-compose.yml"));
		Matcher interpolations = INTERPOLATION.matcher(text);
		while (interpolations.find()) {
			assertThat(example).as(".env.example declares %s", interpolations.group(1))
				.containsKey(interpolations.group(1));
		}
		Matcher required = Pattern.compile("\\$\\{([A-Z_]+):\\?").matcher(text);
		while (required.find()) {
			assertThat(example.get(required.group(1))).as("%s has no value in the example", required.group(1))
				.isEmpty();
		}
		assertThat(Files.readAllLines(ROOT.resolve(".gitignore"))).contains("compose/.env");
	}

	@Test
	void mountedFilesExist() {
		services().forEach((name, service) -> {
			for (String volume : volumes(service)) {
				if (volume.startsWith("./")) {
					assertThat(COMPOSE.resolve(volume.substring(2, volume.indexOf(':')))).as("%s: %s", name, volume)
						.exists();
				}
			}
		});
	}

	// --- the compose file
	// ------------------------------------------------------------------

	private Map<String, Map<String, Object>> services() {
		Map<String, Map<String, Object>> services = new LinkedHashMap<>();
		map(this.compose, "services").forEach((name, service) -> services.put(name, cast(service)));
		return services;
	}

	private Map<String, Object> service(String name) {
		assertThat(services()).containsKey(name);
		return services().get(name);
	}

	/** Services built from the Seckill Dockerfile, in file order. */
	private List<String> seckillServices() {
		List<String> names = services().entrySet()
			.stream()
			.filter((entry) -> entry.getValue().containsKey("build"))
			.map(Map.Entry::getKey)
			.toList();
		assertThat(names).containsExactly("ingress", "reservation-worker", "order-worker");
		return names;
	}

	private String module(String serviceName) {
		return (String) map(map(service(serviceName), "build"), "args").get("MODULE");
	}

	private List<String> servicesRunning(String script) {
		return services().entrySet()
			.stream()
			.filter((entry) -> String.valueOf(entry.getValue().get("command")).contains("/etc/seckill/" + script))
			.map(Map.Entry::getKey)
			.toList();
	}

	/**
	 * The port the service listens on: its variable for {@code server.port}, else the
	 * default.
	 */
	private String effectivePort(String serviceName) {
		String module = module(serviceName);
		Map<String, Object> application = yaml(applicationYml(module));
		String serverPort = String.valueOf(map(application, "server").get("port"));
		Matcher placeholder = PLACEHOLDER.matcher(serverPort);
		assertThat(placeholder.matches()).as("%s server.port %s", module, serverPort).isTrue();
		Object set = environment(service(serviceName)).get(placeholder.group(1));
		return (set != null) ? String.valueOf(set) : placeholder.group(2);
	}

	/**
	 * The port the service's actuator listens on: its management port if it has one of
	 * its own ({@code management.server.port}, the ingress), else its server port.
	 */
	private String effectiveManagementPort(String serviceName) {
		Map<String, Object> application = yaml(applicationYml(module(serviceName)));
		Object management = application.get("management");
		Object server = (management instanceof Map<?, ?> settings) ? settings.get("server") : null;
		Object port = (server instanceof Map<?, ?> settings) ? settings.get("port") : null;
		if (port == null) {
			return effectivePort(serviceName);
		}
		Matcher placeholder = PLACEHOLDER.matcher(String.valueOf(port));
		assertThat(placeholder.matches()).as("%s management.server.port %s", serviceName, port).isTrue();
		Object set = environment(service(serviceName)).get(placeholder.group(1));
		return (set != null) ? String.valueOf(set) : placeholder.group(2);
	}

	private Map<String, Object> scrapeJob(String name) {
		Map<String, Object> prometheus = yaml(COMPOSE.resolve("prometheus/prometheus.yml"));
		return list(prometheus, "scrape_configs").stream()
			.filter((job) -> name.equals(job.get("job_name")))
			.findFirst()
			.orElseThrow(() -> new AssertionError("no scrape job " + name));
	}

	private static String healthCheck(Map<String, Object> service) {
		Object test = map(service, "healthcheck").get("test");
		return (test instanceof List<?> words) ? words.stream().map(String::valueOf).collect(Collectors.joining(" "))
				: String.valueOf(test);
	}

	private static Map<String, Object> environment(Map<String, Object> service) {
		return map(service, "environment");
	}

	private static List<String> volumes(Map<String, Object> service) {
		Object volumes = service.get("volumes");
		return (volumes != null) ? ((List<?>) volumes).stream().map(String::valueOf).toList() : List.of();
	}

	static boolean pinned(String image) {
		int colon = image.lastIndexOf(':');
		return colon > image.lastIndexOf('/') && !image.endsWith(":latest");
	}

	private static String interpolated(Object value) {
		Matcher matcher = INTERPOLATION.matcher(String.valueOf(value));
		assertThat(matcher.find()).as("%s comes from .env", value).isTrue();
		return matcher.group(1);
	}

	private static List<String> sentinelAddresses(String value) {
		return List.of(value.split(","));
	}

	// --- what the applications read
	// --------------------------------------------------------

	private static Path applicationYml(String module) {
		return ROOT.resolve(module).resolve("src/main/resources/application.yml");
	}

	/**
	 * The default of every variable the service reads ({@link ServiceSettings}).
	 */
	private static Map<String, String> placeholderDefaults(String module) {
		Map<String, String> defaults = new LinkedHashMap<>();
		ServiceSettings.of(ROOT, module)
			.forEach((variable, setting) -> defaults.put(variable,
					(setting.defaultValue() != null) ? setting.defaultValue() : ""));
		return defaults;
	}

	private static Set<String> variablesRead(String module) {
		return ServiceSettings.of(ROOT, module).keySet();
	}

	static Set<String> unreadVariables(Set<String> set, Set<String> read) {
		return set.stream()
			.filter((name) -> name.startsWith("SECKILL_") ? !read.contains(name)
					: !OTHER_SERVICE_VARIABLES.contains(name))
			.collect(Collectors.toCollection(TreeSet::new));
	}

	/**
	 * Meter names registered in the Java sources, in Prometheus form.
	 */
	private static Set<String> meterNames() throws IOException {
		Set<String> names = new TreeSet<>();
		try (Stream<Path> files = Files.walk(ROOT)) {
			for (Path file : files.filter(ComposeDeploymentUnitTests::isMainJavaSource).toList()) {
				String source = read(file);
				if (source.contains("import io.micrometer")) {
					Matcher matcher = METER_NAME.matcher(source);
					while (matcher.find()) {
						names.add(matcher.group(1).replace('.', '_'));
					}
				}
			}
		}
		assertThat(names).contains("seckill_purchases", "seckill_worker_messages", "seckill_redis_failovers");
		return names;
	}

	private static boolean isMainJavaSource(Path file) {
		String path = ROOT.relativize(file).toString().replace('\\', '/');
		return path.endsWith(".java") && path.contains("/src/main/java/") && !path.contains("/target/");
	}

	static boolean exported(String metric, Set<String> meters) {
		if (metric.startsWith("seckill_")) {
			return meters.contains(metric) || PROMETHEUS_SUFFIXES.stream()
				.anyMatch((suffix) -> metric.endsWith(suffix)
						&& meters.contains(metric.substring(0, metric.length() - suffix.length())));
		}
		List<String> dependency = FRAMEWORK_METRICS.get(metric);
		if (dependency == null) {
			return false;
		}
		return dependency.isEmpty()
				|| read(ROOT.resolve(dependency.get(0))).contains("<artifactId>" + dependency.get(1) + "</artifactId>");
	}

	/** The metric names of a PromQL expression (not functions, labels or keywords). */
	static Set<String> metricNames(String expression) {
		String bare = expression.replaceAll("\"(?:\\\\.|[^\"\\\\])*\"", "\"\"")
			.replaceAll("\\{[^}]*}", " ")
			.replaceAll("\\[[^]]*]", " ")
			.replaceAll("\\b(?:by|without|on|ignoring|group_left|group_right)\\s*\\([^)]*\\)", " ");
		Set<String> names = new TreeSet<>();
		Matcher token = Pattern.compile("[a-zA-Z_:][a-zA-Z0-9_:]*").matcher(bare);
		while (token.find()) {
			String rest = bare.substring(token.end()).stripLeading();
			boolean function = rest.startsWith("(");
			boolean number = token.start() > 0 && Character.isDigit(bare.charAt(token.start() - 1));
			if (!function && !number && !PROMQL_KEYWORDS.contains(token.group())) {
				names.add(token.group());
			}
		}
		return names;
	}

	private static Path dashboardFile() {
		return COMPOSE.resolve("grafana/dashboards/seckill.json");
	}

	private static void collect(JsonNode node, String field, List<String> into) {
		if (node.isObject()) {
			for (Map.Entry<String, JsonNode> property : node.properties()) {
				if (property.getKey().equals(field) && property.getValue().isString()) {
					into.add(property.getValue().stringValue());
				}
				collect(property.getValue(), field, into);
			}
		}
		else if (node.isArray()) {
			node.forEach((child) -> collect(child, field, into));
		}
	}

	// --- plumbing
	// --------------------------------------------------------------------------

	private static String directive(List<String> lines, String name) {
		return lines.stream()
			.filter((line) -> line.startsWith(name + " "))
			.map((line) -> line.substring(name.length() + 1).trim())
			.findFirst()
			.orElseThrow(() -> new AssertionError("no directive " + name));
	}

	private static String match(String text, String regex) {
		Matcher matcher = Pattern.compile(regex).matcher(text);
		assertThat(matcher.find()).as("'%s' found", regex).isTrue();
		return matcher.group(1);
	}

	private static Map<String, Object> yaml(Path file) {
		Object document = new Yaml(new SafeConstructor(new LoaderOptions())).load(read(file));
		assertThat(document).as(file.toString()).isInstanceOf(Map.class);
		return cast(document);
	}

	private static Map<String, Object> map(Map<String, Object> parent, String key) {
		Object child = parent.get(key);
		assertThat(child).as("'%s' is a map", key).isInstanceOf(Map.class);
		return cast(child);
	}

	private static List<Map<String, Object>> list(Map<String, Object> parent, String key) {
		Object child = parent.get(key);
		assertThat(child).as("'%s' is a list", key).isInstanceOf(List.class);
		return ((List<?>) child).stream().map(ComposeDeploymentUnitTests::<String, Object>cast).toList();
	}

	@SuppressWarnings("unchecked")
	private static <K, V> Map<K, V> cast(Object map) {
		return (Map<K, V>) map;
	}

	private static String read(Path file) {
		try {
			return Files.readString(file);
		}
		catch (IOException ex) {
			throw new AssertionError("cannot read " + file, ex);
		}
	}

}
