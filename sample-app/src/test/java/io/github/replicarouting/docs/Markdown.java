package io.github.replicarouting.docs;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A Markdown page as the documentation checks read it: its fenced code blocks, the inline code
 * spans and links of its prose, and the anchors GitHub gives its headings.
 */
final class Markdown {

	private static final Pattern INLINE_CODE = Pattern.compile("`([^`]+)`");

	private static final Pattern LINK = Pattern.compile("\\[[^\\]]*\\]\\(([^)\\s]+)\\)");

	private final Path file;

	private final List<Block> blocks = new ArrayList<>();

	private final List<Span> inlineCode = new ArrayList<>();

	private final List<Span> links = new ArrayList<>();

	private final Set<String> anchors = new LinkedHashSet<>();

	private final List<Heading> headings = new ArrayList<>();

	private Markdown(Path file) {
		this.file = file;
	}

	static Markdown read(Path file) {
		try {
			Markdown markdown = new Markdown(file);
			markdown.parse(Files.readAllLines(file));
			return markdown;
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
	}

	Path file() {
		return this.file;
	}

	List<Block> blocks() {
		return this.blocks;
	}

	List<Block> blocks(String language) {
		return this.blocks.stream().filter((block) -> block.language().equals(language)).toList();
	}

	List<Span> inlineCode() {
		return this.inlineCode;
	}

	List<Span> links() {
		return this.links;
	}

	Set<String> anchors() {
		return this.anchors;
	}

	/** The fenced blocks between the heading with this text and the next heading of its level or above. */
	List<Block> blocksOfSection(String title) {
		Heading start = this.headings.stream()
			.filter((heading) -> heading.text().equals(title))
			.findFirst()
			.orElseThrow(() -> new AssertionError(this.file.getFileName() + " has no heading '" + title + "'"));
		int end = this.headings.stream()
			.filter((heading) -> heading.line() > start.line() && heading.level() <= start.level())
			.mapToInt(Heading::line)
			.findFirst()
			.orElse(Integer.MAX_VALUE);
		return this.blocks.stream().filter((block) -> block.line() > start.line() && block.line() < end).toList();
	}

	private void parse(List<String> lines) {
		Block open = null;
		StringBuilder paragraph = new StringBuilder();
		int paragraphLine = 0;
		Map<String, Integer> slugs = new HashMap<>();
		for (int i = 0; i < lines.size(); i++) {
			String line = lines.get(i);
			int number = i + 1;
			if (line.stripLeading().startsWith("```")) {
				if (open == null) {
					prose(paragraph, paragraphLine);
					paragraph.setLength(0);
					open = new Block(line.strip().substring(3).strip(), number, new StringBuilder());
				}
				else {
					this.blocks.add(open);
					open = null;
				}
				continue;
			}
			if (open != null) {
				open.text().append(line).append('\n');
				continue;
			}
			line = line.replaceFirst("^>\\s?", ""); // a quoted block's text, without its marker
			if (line.startsWith("#")) {
				prose(paragraph, paragraphLine);
				paragraph.setLength(0);
				heading(line, number, slugs);
				continue;
			}
			if (line.isBlank()) {
				prose(paragraph, paragraphLine);
				paragraph.setLength(0);
				continue;
			}
			if (paragraph.isEmpty()) {
				paragraphLine = number;
			}
			paragraph.append(line).append(' ');
		}
		prose(paragraph, paragraphLine);
	}

	private void heading(String line, int number, Map<String, Integer> slugs) {
		int level = line.indexOf(' ');
		String text = line.substring(level + 1).strip();
		this.headings.add(new Heading(level, text, number));
		String slug = slug(text);
		int seen = slugs.merge(slug, 1, Integer::sum);
		this.anchors.add((seen == 1) ? slug : slug + "-" + (seen - 1));
	}

	private void prose(CharSequence paragraph, int line) {
		String text = paragraph.toString();
		Matcher code = INLINE_CODE.matcher(text);
		while (code.find()) {
			this.inlineCode.add(new Span(code.group(1), line));
		}
		Matcher link = LINK.matcher(text.replaceAll("`[^`]*`", ""));
		while (link.find()) {
			this.links.add(new Span(link.group(1), line));
		}
	}

	/** GitHub's anchor for a heading: lower case, punctuation dropped, spaces as hyphens. */
	static String slug(String heading) {
		return heading.toLowerCase(Locale.ROOT).replaceAll("[^\\p{L}\\p{N} _-]", "").replace(' ', '-');
	}

	/** A fenced code block: its language (empty if none), the line of its opening fence, its text. */
	record Block(String language, int line, StringBuilder text) {

	}

	/** An inline code span or a link target, with the line its paragraph starts on. */
	record Span(String text, int line) {

	}

	private record Heading(int level, String text, int line) {

	}

}
