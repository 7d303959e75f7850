package io.shmproc.cli;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * Rows of text in aligned columns, for people: each column as wide as its widest cell, two spaces
 * apart, numbers right-aligned.
 *
 * <pre>{@code
 * Table t = new Table("NAME", "BYTES");
 * t.row("jobs", 1049728);
 * t.print(out, "  ");
 * }</pre>
 */
final class Table {
    private final String[] headers;
    private final List<Object[]> rows = new ArrayList<>();

    Table(String... headers) {
        this.headers = headers;
    }

    void row(Object... cells) {
        if (cells.length != headers.length) {
            throw new IllegalArgumentException("a row of " + cells.length + " cells in a table of " + headers.length);
        }
        rows.add(cells);
    }

    boolean isEmpty() {
        return rows.isEmpty();
    }

    /** Prints the header and the rows, each line starting with {@code indent}. */
    void print(StringBuilder out, String indent) {
        int[] widths = Arrays.stream(headers).mapToInt(String::length).toArray();
        for (Object[] row : rows) {
            for (int i = 0; i < row.length; i++) {
                widths[i] = Math.max(widths[i], text(row[i]).length());
            }
        }
        line(out, indent, headers, widths);
        for (Object[] row : rows) {
            line(out, indent, row, widths);
        }
    }

    private static void line(StringBuilder out, String indent, Object[] cells, int[] widths) {
        StringBuilder line = new StringBuilder(indent);
        for (int i = 0; i < cells.length; i++) {
            String cell = text(cells[i]);
            boolean last = i == cells.length - 1;
            if (cells[i] instanceof Number) {
                line.append(" ".repeat(widths[i] - cell.length())).append(cell);
            } else {
                line.append(cell);
                if (!last) {
                    line.append(" ".repeat(widths[i] - cell.length()));
                }
            }
            if (!last) {
                line.append("  ");
            }
        }
        out.append(line.toString().stripTrailing()).append('\n');
    }

    private static String text(Object cell) {
        return cell == null ? "-" : cell.toString().replaceAll("\\p{Cntrl}", "?");
    }
}
