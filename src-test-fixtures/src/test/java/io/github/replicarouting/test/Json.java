package io.github.replicarouting.test;

import java.net.http.HttpResponse;
import java.util.Map;

import org.jspecify.annotations.Nullable;

import org.springframework.boot.json.JsonParserFactory;

/**
 * Reading the Actuator's JSON answers in the ITs that call it over HTTP.
 */
final class Json {

	private Json() {
	}

	static Map<String, Object> json(HttpResponse<String> response) {
		return JsonParserFactory.getJsonParser().parseMap(response.body());
	}

	/** The value at {@code path} in nested maps, or {@code null} where the path ends early. */
	@SuppressWarnings("unchecked")
	static @Nullable Object at(Map<String, Object> json, String... path) {
		Object current = json;
		for (String key : path) {
			if (!(current instanceof Map<?, ?> map)) {
				return null;
			}
			current = ((Map<String, Object>) map).get(key);
		}
		return current;
	}

}
