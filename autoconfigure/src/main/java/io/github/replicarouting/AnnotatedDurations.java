package io.github.replicarouting;

import java.time.Duration;

import org.springframework.format.datetime.standard.DurationFormatterUtils;

/**
 * Reads the durations that annotations give as text ({@code "500ms"}, {@code "2s"}, ISO-8601
 * {@code "PT0.5S"}), as Spring's {@code @Scheduled} and Boot's properties do, failing with a
 * message that names the annotation and the method.
 */
final class AnnotatedDurations {

	private AnnotatedDurations() {
	}

	/**
	 * The positive duration {@code value} says.
	 * @param value the text, for example {@code "500ms"}
	 * @param annotation the annotation, for the message: {@code "@MaxStaleness"}
	 * @param method the annotated method, as {@code Class.method}, for the message
	 * @return the duration
	 * @throws IllegalArgumentException when the text is no duration, or not a positive one
	 */
	static Duration positive(String value, String annotation, String method) {
		Duration duration;
		try {
			duration = DurationFormatterUtils.detectAndParse(value.trim());
		}
		catch (RuntimeException ex) {
			throw new IllegalArgumentException(invalid(value, annotation, method, "is not a duration"), ex);
		}
		if (duration.isNegative() || duration.isZero()) {
			throw new IllegalArgumentException(invalid(value, annotation, method, "must be greater than 0"));
		}
		return duration;
	}

	private static String invalid(String value, String annotation, String method, String why) {
		return annotation + "(\"" + value + "\") on " + method + ": the value " + why
				+ ". Use for example \"500ms\", \"2s\" or \"PT0.5S\".";
	}

}
