package l2l.tensor.io;

import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A strict JSON (RFC 8259) reader and writer for the project's small files: safetensors headers,
 * run configurations, results, class splits and golden cases.
 *
 * <p>Values map to Java as follows: object to {@code Map<String, Object>} (insertion ordered),
 * array to {@code List<Object>}, string to {@link String}, {@code true}/{@code false} to {@link
 * Boolean}, {@code null} to {@code null}, and a number to {@link Long} when it is written without
 * fraction or exponent and fits, otherwise to {@link Double}. Parsed maps and lists are
 * unmodifiable. The writer accepts the same types plus any {@link Number}, and rejects NaN and
 * infinities, which JSON cannot represent.
 */
public final class Json {

    private Json() {
    }

    /** Parses one JSON value; the text may not contain anything but whitespace after it. */
    public static Object parse(String text) {
        Parser parser = new Parser(text);
        parser.skipWhitespace();
        Object value = parser.readValue(0);
        parser.skipWhitespace();
        if (parser.position < text.length()) {
            throw parser.error("unexpected text after the JSON value");
        }
        return value;
    }

    /** Returns compact JSON text for {@code value}. */
    public static String write(Object value) {
        StringBuilder out = new StringBuilder();
        writeValue(value, out, -1, 0);
        return out.toString();
    }

    /** Returns JSON text for {@code value} indented by two spaces per level, ending without a newline. */
    public static String writePretty(Object value) {
        StringBuilder out = new StringBuilder();
        writeValue(value, out, 2, 0);
        return out.toString();
    }

    private static void writeValue(Object value, StringBuilder out, int indent, int depth) {
        if (value == null) {
            out.append("null");
        } else if (value instanceof String) {
            writeString((String) value, out);
        } else if (value instanceof Boolean) {
            out.append(value);
        } else if (value instanceof Double || value instanceof Float) {
            double number = ((Number) value).doubleValue();
            if (!Double.isFinite(number)) {
                throw new IllegalArgumentException("JSON cannot represent the number " + number);
            }
            if (number == Math.rint(number) && Math.abs(number) < 1e15) {
                out.append((long) number).append(".0");
            } else {
                out.append(number);
            }
        } else if (value instanceof Number) {
            out.append(((Number) value).longValue());
        } else if (value instanceof Map) {
            writeObject((Map<?, ?>) value, out, indent, depth);
        } else if (value instanceof List) {
            writeArray((List<?>) value, out, indent, depth);
        } else if (value instanceof double[]) {
            List<Object> list = new ArrayList<>();
            for (double element : (double[]) value) {
                list.add(element);
            }
            writeArray(list, out, indent, depth);
        } else if (value instanceof int[]) {
            List<Object> list = new ArrayList<>();
            for (int element : (int[]) value) {
                list.add(element);
            }
            writeArray(list, out, indent, depth);
        } else {
            throw new IllegalArgumentException("JSON cannot represent a value of type " + value.getClass().getName());
        }
    }

    private static void writeObject(Map<?, ?> map, StringBuilder out, int indent, int depth) {
        out.append('{');
        boolean first = true;
        for (Map.Entry<?, ?> entry : map.entrySet()) {
            if (!(entry.getKey() instanceof String)) {
                throw new IllegalArgumentException("JSON object keys must be strings, not " + entry.getKey());
            }
            if (!first) {
                out.append(',');
            }
            first = false;
            newline(out, indent, depth + 1);
            writeString((String) entry.getKey(), out);
            out.append(indent >= 0 ? ": " : ":");
            writeValue(entry.getValue(), out, indent, depth + 1);
        }
        if (!map.isEmpty()) {
            newline(out, indent, depth);
        }
        out.append('}');
    }

    private static void writeArray(List<?> list, StringBuilder out, int indent, int depth) {
        boolean scalars = list.stream().noneMatch(element -> element instanceof Map || element instanceof List);
        out.append('[');
        for (int i = 0; i < list.size(); i++) {
            if (i > 0) {
                out.append(scalars && indent >= 0 ? ", " : ",");
            }
            if (!scalars) {
                newline(out, indent, depth + 1);
            }
            writeValue(list.get(i), out, indent, depth + 1);
        }
        if (!scalars && !list.isEmpty()) {
            newline(out, indent, depth);
        }
        out.append(']');
    }

    private static void newline(StringBuilder out, int indent, int depth) {
        if (indent >= 0) {
            out.append('\n');
            out.append(" ".repeat(indent * depth));
        }
    }

    private static void writeString(String text, StringBuilder out) {
        out.append('"');
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            switch (c) {
                case '"':
                    out.append("\\\"");
                    break;
                case '\\':
                    out.append("\\\\");
                    break;
                case '\n':
                    out.append("\\n");
                    break;
                case '\r':
                    out.append("\\r");
                    break;
                case '\t':
                    out.append("\\t");
                    break;
                case '\b':
                    out.append("\\b");
                    break;
                case '\f':
                    out.append("\\f");
                    break;
                default:
                    if (c < 0x20) {
                        out.append(String.format("\\u%04x", (int) c));
                    } else {
                        out.append(c);
                    }
            }
        }
        out.append('"');
    }

    /** A recursive-descent parser over one string; nesting deeper than {@link #MAX_DEPTH} is rejected. */
    private static final class Parser {

        private static final int MAX_DEPTH = 512;

        private final String text;
        private int position;

        Parser(String text) {
            this.text = text;
        }

        Object readValue(int depth) {
            if (depth > MAX_DEPTH) {
                throw error("nesting deeper than " + MAX_DEPTH + " levels");
            }
            if (position >= text.length()) {
                throw error("unexpected end of input, expected a value");
            }
            char c = text.charAt(position);
            switch (c) {
                case '{':
                    return readObject(depth);
                case '[':
                    return readArray(depth);
                case '"':
                    return readString();
                case 't':
                    expectWord("true");
                    return Boolean.TRUE;
                case 'f':
                    expectWord("false");
                    return Boolean.FALSE;
                case 'n':
                    expectWord("null");
                    return null;
                default:
                    if (c == '-' || (c >= '0' && c <= '9')) {
                        return readNumber();
                    }
                    throw error("unexpected character '" + c + "', expected a value");
            }
        }

        private Map<String, Object> readObject(int depth) {
            Map<String, Object> map = new LinkedHashMap<>();
            position++;
            skipWhitespace();
            if (peek() == '}') {
                position++;
                return Collections.unmodifiableMap(map);
            }
            while (true) {
                skipWhitespace();
                if (peek() != '"') {
                    throw error("expected a string key");
                }
                String key = readString();
                if (map.containsKey(key)) {
                    throw error("duplicate key \"" + key + "\"");
                }
                skipWhitespace();
                expect(':');
                skipWhitespace();
                map.put(key, readValue(depth + 1));
                skipWhitespace();
                char c = next("',' or '}'");
                if (c == '}') {
                    return Collections.unmodifiableMap(map);
                }
                if (c != ',') {
                    position--;
                    throw error("expected ',' or '}'");
                }
            }
        }

        private List<Object> readArray(int depth) {
            List<Object> list = new ArrayList<>();
            position++;
            skipWhitespace();
            if (peek() == ']') {
                position++;
                return Collections.unmodifiableList(list);
            }
            while (true) {
                skipWhitespace();
                list.add(readValue(depth + 1));
                skipWhitespace();
                char c = next("',' or ']'");
                if (c == ']') {
                    return Collections.unmodifiableList(list);
                }
                if (c != ',') {
                    position--;
                    throw error("expected ',' or ']'");
                }
            }
        }

        private String readString() {
            position++;
            StringBuilder out = new StringBuilder();
            while (true) {
                char c = next("closing '\"'");
                if (c == '"') {
                    return out.toString();
                }
                if (c == '\\') {
                    char escape = next("an escape character");
                    switch (escape) {
                        case '"':
                        case '\\':
                        case '/':
                            out.append(escape);
                            break;
                        case 'b':
                            out.append('\b');
                            break;
                        case 'f':
                            out.append('\f');
                            break;
                        case 'n':
                            out.append('\n');
                            break;
                        case 'r':
                            out.append('\r');
                            break;
                        case 't':
                            out.append('\t');
                            break;
                        case 'u':
                            if (position + 4 > text.length()) {
                                throw error("truncated \\u escape");
                            }
                            try {
                                out.append((char) Integer.parseInt(text.substring(position, position + 4), 16));
                            } catch (NumberFormatException e) {
                                throw error("invalid \\u escape");
                            }
                            position += 4;
                            break;
                        default:
                            position--;
                            throw error("invalid escape '\\" + escape + "'");
                    }
                } else if (c < 0x20) {
                    position--;
                    throw error("control character in a string");
                } else {
                    out.append(c);
                }
            }
        }

        private Number readNumber() {
            int start = position;
            if (peek() == '-') {
                position++;
            }
            if (peek() == '0') {
                position++;
            } else if (isDigit(peek())) {
                skipDigits();
            } else {
                throw error("invalid number");
            }
            boolean integral = true;
            if (peek() == '.') {
                integral = false;
                position++;
                if (!isDigit(peek())) {
                    throw error("invalid number: digits expected after '.'");
                }
                skipDigits();
            }
            if (peek() == 'e' || peek() == 'E') {
                integral = false;
                position++;
                if (peek() == '+' || peek() == '-') {
                    position++;
                }
                if (!isDigit(peek())) {
                    throw error("invalid number: digits expected in the exponent");
                }
                skipDigits();
            }
            String literal = text.substring(start, position);
            if (integral) {
                try {
                    return Long.parseLong(literal);
                } catch (NumberFormatException e) {
                    return Double.parseDouble(literal);
                }
            }
            return Double.parseDouble(literal);
        }

        private void skipDigits() {
            while (isDigit(peek())) {
                position++;
            }
        }

        private static boolean isDigit(char c) {
            return c >= '0' && c <= '9';
        }

        private void expectWord(String word) {
            if (!text.startsWith(word, position)) {
                throw error("invalid literal, expected '" + word + "'");
            }
            position += word.length();
        }

        private void expect(char expected) {
            if (peek() != expected) {
                throw error("expected '" + expected + "'");
            }
            position++;
        }

        private char peek() {
            return position < text.length() ? text.charAt(position) : '\0';
        }

        private char next(String expected) {
            if (position >= text.length()) {
                throw error("unexpected end of input, expected " + expected);
            }
            return text.charAt(position++);
        }

        void skipWhitespace() {
            while (position < text.length()) {
                char c = text.charAt(position);
                if (c == ' ' || c == '\t' || c == '\n' || c == '\r') {
                    position++;
                } else {
                    return;
                }
            }
        }

        JsonParseException error(String problem) {
            int line = 1;
            int column = 1;
            for (int i = 0; i < Math.min(position, text.length()); i++) {
                if (text.charAt(i) == '\n') {
                    line++;
                    column = 1;
                } else {
                    column++;
                }
            }
            return new JsonParseException(problem, line, column);
        }
    }
}
