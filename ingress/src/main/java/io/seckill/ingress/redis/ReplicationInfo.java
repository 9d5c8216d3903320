package io.seckill.ingress.redis;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * What a Redis node says about its replication ({@code INFO replication}).
 *
 * @param role {@code master} or {@code slave}
 * @param onlineReplicas {@code host:port} of each attached replica in state
 * {@code online} (synchronized and streaming; one still loading its first copy is not)
 */
record ReplicationInfo(String role, List<String> onlineReplicas) {

	/**
	 * Parses the answer to {@code INFO replication}.
	 * @param info the answer, lines {@code key:value}
	 * @return the role and online replicas
	 */
	static ReplicationInfo parse(String info) {
		String role = "";
		List<String> online = new ArrayList<>();
		for (String line : info.split("\r?\n")) {
			int colon = line.indexOf(':');
			if (colon < 0) {
				continue;
			}
			String key = line.substring(0, colon);
			String value = line.substring(colon + 1).trim();
			if (key.equals("role")) {
				role = value;
			}
			else if (key.matches("slave\\d+")) {
				Map<String, String> fields = fields(value);
				if ("online".equals(fields.get("state"))) {
					online.add(fields.get("ip") + ":" + fields.get("port"));
				}
			}
		}
		return new ReplicationInfo(role, List.copyOf(online));
	}

	boolean master() {
		return "master".equals(this.role);
	}

	private static Map<String, String> fields(String value) {
		Map<String, String> fields = new LinkedHashMap<>();
		for (String field : value.split(",")) {
			int equals = field.indexOf('=');
			if (equals > 0) {
				fields.put(field.substring(0, equals), field.substring(equals + 1));
			}
		}
		return fields;
	}

}
