package io.github.replicarouting.docs;

import java.util.ArrayList;
import java.util.List;

/**
 * The commands of a {@code sh} block, split as a POSIX shell would split them for the checks:
 * continued lines joined, comments dropped, one command per {@code &&}, {@code ||}, {@code ;},
 * {@code |} or {@code &}, quotes removed from each word, and leading {@code NAME=value}
 * assignments left out.
 */
final class ShellCommands {

	private ShellCommands() {
	}

	static List<List<String>> parse(String block) {
		List<List<String>> commands = new ArrayList<>();
		List<String> words = new ArrayList<>();
		StringBuilder word = null;
		String text = block.replace("\\\n", " ");
		char quote = 0;
		for (int i = 0; i < text.length(); i++) {
			char c = text.charAt(i);
			if (quote != 0) {
				if (c == quote) {
					quote = 0;
				}
				else {
					word.append(c);
				}
				continue;
			}
			if (c == '\'' || c == '"') {
				quote = c;
				word = (word != null) ? word : new StringBuilder();
			}
			else if (c == '#' && word == null) {
				i = endOfLine(text, i);
				end(commands, words, null);
				words = new ArrayList<>();
			}
			else if (c == '\n' || c == ';' || c == '|' || c == '&') {
				if (c == '&' && word != null && i > 0 && text.charAt(i - 1) == '>') {
					word.append(c); // 2>&1
					continue;
				}
				end(commands, words, word);
				words = new ArrayList<>();
				word = null;
			}
			else if (Character.isWhitespace(c)) {
				if (word != null) {
					words.add(word.toString());
					word = null;
				}
			}
			else {
				word = (word != null) ? word : new StringBuilder();
				word.append(c);
			}
		}
		end(commands, words, word);
		return commands;
	}

	private static int endOfLine(String text, int from) {
		int end = text.indexOf('\n', from);
		return (end < 0) ? text.length() : end;
	}

	private static void end(List<List<String>> commands, List<String> words, StringBuilder word) {
		if (word != null) {
			words.add(word.toString());
		}
		int first = 0;
		while (first < words.size() && words.get(first).matches("[A-Za-z_][A-Za-z0-9_]*=.*")) {
			first++;
		}
		if (first < words.size()) {
			commands.add(List.copyOf(words.subList(first, words.size())));
		}
	}

}
