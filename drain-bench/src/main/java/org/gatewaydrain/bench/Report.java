package org.gatewaydrain.bench;

import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * The figures of one bench run as Markdown: printed as each section finishes and written to a
 * file at the end. Each row is one figure with its median and spread over the runs, and the
 * target it is held to, if any. Not thread-safe.
 */
final class Report {

    private final List<String> lines = new ArrayList<>();
    private final PrintStream out;

    Report(PrintStream out) {
        this.out = out;
    }

    void heading(String text) {
        emit("");
        emit("## " + text);
        emit("");
    }

    void note(String text) {
        emit(text);
        emit("");
    }

    void table(String... columns) {
        emit("| " + String.join(" | ", columns) + " |");
        emit("|" + "---|".repeat(columns.length));
    }

    void row(String... cells) {
        emit("| " + String.join(" | ", cells) + " |");
    }

    List<String> lines() {
        return List.copyOf(lines);
    }

    void writeTo(Path file) throws IOException {
        Path parent = file.toAbsolutePath().getParent();
        if (parent != null) {
            Files.createDirectories(parent);
        }
        Files.write(file, lines, StandardCharsets.UTF_8);
    }

    private void emit(String line) {
        lines.add(line);
        out.println(line);
        out.flush();
    }
}
