package org.gatewaydrain.client.internal;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * JSON text to and from the plain values {@link org.gatewaydrain.core.spi.WireFormat} works
 * with: objects as insertion-ordered maps, arrays as lists, strings, {@code Long} for whole
 * numbers (a {@code Double} otherwise), booleans and {@code null}. Strict about the syntax
 * (RFC 8259: one value, nothing after it, no comments, no trailing commas, escapes checked) and
 * bounded in nesting, so a hostile answer cannot exhaust the stack. The requester's library
 * depends on the JDK alone, hence this small codec instead of a JSON library. Stateless.
 */
public final class JsonText {

    /** The deepest nesting read. */
    public static final int MAX_DEPTH = 64;

    private JsonText() {
    }

    /**
     * @return the value {@code text} holds: a map, list, string, number, boolean or {@code null}
     * @throws IllegalArgumentException saying what is wrong with it, and where
     */
    public static Object parse(String text) {
        try {
            Reader reader = new Reader(text);
            Object value = reader.value(0);
            reader.skipSpace();
            if (reader.at < text.length()) {
                throw reader.error("text after the value");
            }
            return value;
        } catch (Malformed e) {
            throw new IllegalArgumentException(e.getMessage());
        }
    }

    /** @return the object {@code text} holds, or empty with {@code why} saying why it holds none */
    @SuppressWarnings("unchecked")
    public static Optional<Map<String, Object>> parseObject(String text, StringBuilder why) {
        Object value;
        try {
            value = parse(text);
        } catch (IllegalArgumentException e) {
            why.append(e.getMessage());
            return Optional.empty();
        }
        if (!(value instanceof Map)) {
            why.append("the JSON is not an object");
            return Optional.empty();
        }
        return Optional.of((Map<String, Object>) value);
    }

    /** @return {@code value} as compact JSON on one line */
    public static String write(Object value) {
        StringBuilder out = new StringBuilder();
        write(out, value, -1, 0);
        return out.toString();
    }

    /** @return {@code value} as JSON indented by two spaces per level */
    public static String writePretty(Object value) {
        StringBuilder out = new StringBuilder();
        write(out, value, 2, 0);
        return out.toString();
    }

    private static void write(StringBuilder out, Object value, int indent, int level) {
        if (value == null) {
            out.append("null");
        } else if (value instanceof String text) {
            quote(out, text);
        } else if (value instanceof Boolean || value instanceof Integer || value instanceof Long) {
            out.append(value);
        } else if (value instanceof Number number) {
            double d = number.doubleValue();
            if (Double.isNaN(d) || Double.isInfinite(d)) {
                throw new IllegalArgumentException("JSON has no " + d);
            }
            out.append(number);
        } else if (value instanceof Map<?, ?> map) {
            writeMembers(out, '{', '}', map.entrySet().stream().map(e -> (Object) e).toList(), indent, level, true);
        } else if (value instanceof List<?> list) {
            writeMembers(out, '[', ']', new ArrayList<>(list), indent, level, false);
        } else {
            throw new IllegalArgumentException("not a JSON value: " + value.getClass().getName());
        }
    }

    private static void writeMembers(StringBuilder out, char open, char close, List<Object> members, int indent,
            int level, boolean object) {
        out.append(open);
        if (members.isEmpty()) {
            out.append(close);
            return;
        }
        for (int i = 0; i < members.size(); i++) {
            if (i > 0) {
                out.append(',');
            }
            newline(out, indent, level + 1);
            if (object) {
                Map.Entry<?, ?> entry = (Map.Entry<?, ?>) members.get(i);
                quote(out, String.valueOf(entry.getKey()));
                out.append(indent >= 0 ? " : " : ":");
                write(out, entry.getValue(), indent, level + 1);
            } else {
                write(out, members.get(i), indent, level + 1);
            }
        }
        newline(out, indent, level);
        out.append(close);
    }

    private static void newline(StringBuilder out, int indent, int level) {
        if (indent >= 0) {
            out.append('\n').append(" ".repeat(indent * level));
        }
    }

    private static void quote(StringBuilder out, String text) {
        out.append('"');
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            switch (c) {
                case '"' -> out.append("\\\"");
                case '\\' -> out.append("\\\\");
                case '\n' -> out.append("\\n");
                case '\r' -> out.append("\\r");
                case '\t' -> out.append("\\t");
                case '\b' -> out.append("\\b");
                case '\f' -> out.append("\\f");
                default -> {
                    if (c < 0x20 || c == '\u2028' || c == '\u2029') {
                        out.append(String.format("\\u%04x", (int) c));
                    } else {
                        out.append(c);
                    }
                }
            }
        }
        out.append('"');
    }

    private static final class Malformed extends Exception {
        private static final long serialVersionUID = 1L;

        Malformed(String message) {
            super(message, null, false, false);
        }
    }

    private static final class Reader {
        private final String text;
        private int at;

        Reader(String text) {
            this.text = text;
        }

        Malformed error(String what) {
            return new Malformed("not valid JSON (" + what + " at character " + at + ")");
        }

        void skipSpace() {
            while (at < text.length()) {
                char c = text.charAt(at);
                if (c != ' ' && c != '\t' && c != '\n' && c != '\r') {
                    return;
                }
                at++;
            }
        }

        Object value(int depth) throws Malformed {
            if (depth > MAX_DEPTH) {
                throw error("nesting deeper than " + MAX_DEPTH);
            }
            skipSpace();
            if (at >= text.length()) {
                throw error("the text ends where a value should be");
            }
            char c = text.charAt(at);
            return switch (c) {
                case '{' -> object(depth);
                case '[' -> array(depth);
                case '"' -> string();
                case 't' -> literal("true", Boolean.TRUE);
                case 'f' -> literal("false", Boolean.FALSE);
                case 'n' -> literal("null", null);
                default -> {
                    if (c == '-' || (c >= '0' && c <= '9')) {
                        yield number();
                    }
                    throw error("an unexpected '" + c + "'");
                }
            };
        }

        Object literal(String word, Object value) throws Malformed {
            if (!text.startsWith(word, at)) {
                throw error("an unknown word");
            }
            at += word.length();
            return value;
        }

        Map<String, Object> object(int depth) throws Malformed {
            Map<String, Object> object = new LinkedHashMap<>();
            at++;
            skipSpace();
            if (at < text.length() && text.charAt(at) == '}') {
                at++;
                return object;
            }
            while (true) {
                skipSpace();
                if (at >= text.length() || text.charAt(at) != '"') {
                    throw error("a member without a quoted name");
                }
                String name = string();
                skipSpace();
                expect(':');
                if (object.containsKey(name)) {
                    throw error("the member \"" + name + "\" twice");
                }
                object.put(name, value(depth + 1));
                skipSpace();
                if (at < text.length() && text.charAt(at) == ',') {
                    at++;
                    continue;
                }
                expect('}');
                return object;
            }
        }

        List<Object> array(int depth) throws Malformed {
            List<Object> array = new ArrayList<>();
            at++;
            skipSpace();
            if (at < text.length() && text.charAt(at) == ']') {
                at++;
                return array;
            }
            while (true) {
                array.add(value(depth + 1));
                skipSpace();
                if (at < text.length() && text.charAt(at) == ',') {
                    at++;
                    continue;
                }
                expect(']');
                return array;
            }
        }

        void expect(char c) throws Malformed {
            if (at >= text.length() || text.charAt(at) != c) {
                throw error("'" + c + "' expected");
            }
            at++;
        }

        String string() throws Malformed {
            at++;
            StringBuilder value = new StringBuilder();
            while (true) {
                if (at >= text.length()) {
                    throw error("a string that does not end");
                }
                char c = text.charAt(at++);
                if (c == '"') {
                    return value.toString();
                }
                if (c < 0x20) {
                    throw error("a control character inside a string");
                }
                if (c != '\\') {
                    value.append(c);
                    continue;
                }
                if (at >= text.length()) {
                    throw error("an escape at the end");
                }
                char e = text.charAt(at++);
                switch (e) {
                    case '"', '\\', '/' -> value.append(e);
                    case 'b' -> value.append('\b');
                    case 'f' -> value.append('\f');
                    case 'n' -> value.append('\n');
                    case 'r' -> value.append('\r');
                    case 't' -> value.append('\t');
                    case 'u' -> {
                        if (at + 4 > text.length()) {
                            throw error("a short \\u escape");
                        }
                        int code = 0;
                        for (int i = 0; i < 4; i++) {
                            int digit = Character.digit(text.charAt(at++), 16);
                            if (digit < 0) {
                                throw error("a \\u escape that is not hexadecimal");
                            }
                            code = code * 16 + digit;
                        }
                        value.append((char) code);
                    }
                    default -> throw error("an unknown escape \\" + e);
                }
            }
        }

        Object number() throws Malformed {
            int start = at;
            if (text.charAt(at) == '-') {
                at++;
            }
            if (at < text.length() && text.charAt(at) == '0') {
                at++;
            } else if (!digits()) {
                throw error("a number without digits");
            }
            boolean whole = true;
            if (at < text.length() && text.charAt(at) == '.') {
                at++;
                whole = false;
                if (!digits()) {
                    throw error("a fraction without digits");
                }
            }
            if (at < text.length() && (text.charAt(at) == 'e' || text.charAt(at) == 'E')) {
                at++;
                whole = false;
                if (at < text.length() && (text.charAt(at) == '+' || text.charAt(at) == '-')) {
                    at++;
                }
                if (!digits()) {
                    throw error("an exponent without digits");
                }
            }
            String number = text.substring(start, at);
            if (whole) {
                try {
                    return Long.parseLong(number);
                } catch (NumberFormatException tooLarge) {
                    return Double.parseDouble(number);
                }
            }
            return Double.parseDouble(number);
        }

        boolean digits() {
            int start = at;
            while (at < text.length() && text.charAt(at) >= '0' && text.charAt(at) <= '9') {
                at++;
            }
            return at > start;
        }
    }
}
