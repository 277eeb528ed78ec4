package quantlab.retrieval;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.stream.Collectors;

import quantlab.data.CourseData;

/**
 * The policies of Larkspur Outfitters, a shop we made up ({@code data/ch13-policies.tsv}), in two versions, and
 * questions about them ({@code data/ch13-questions.tsv}): one training question per fact for the fine-tuned model,
 * one held-out test question per fact, worded differently from both the document and the training question.
 */
public final class PolicyCorpus {

    /** Which edition of the policies is in force. */
    public enum Version { V1, V2 }

    /** One policy fact: its value in each version and the sentence that states it. */
    public record Fact(String id, String valueV1, String valueV2, String template) {

        public String value(Version v) {
            return v == Version.V1 ? valueV1 : valueV2;
        }

        /** The policy document as published in version {@code v}. */
        public String document(Version v) {
            return template.replace("{value}", value(v));
        }

        public boolean changes() {
            return !valueV1.equals(valueV2);
        }
    }

    /** A question about one fact. */
    public record Question(String factId, boolean heldOut, String text) {
    }

    private final List<Fact> facts;
    private final List<Question> questions;
    private final Map<String, Fact> byId;

    PolicyCorpus(List<Fact> facts, List<Question> questions) {
        this.facts = List.copyOf(facts);
        this.questions = List.copyOf(questions);
        this.byId = facts.stream().collect(Collectors.toMap(Fact::id, Function.identity()));
        for (Question q : questions) {
            if (!byId.containsKey(q.factId())) {
                throw new IllegalArgumentException("question '" + q.text() + "' names fact " + q.factId()
                        + ", which the policies do not have");
            }
        }
    }

    /** Reads both files from the course's {@code data/} folder. */
    public static PolicyCorpus load() {
        return read(CourseData.file("ch13-policies.tsv"), CourseData.file("ch13-questions.tsv"));
    }

    public static PolicyCorpus read(Path policies, Path questions) {
        List<Fact> facts = new ArrayList<>();
        for (String[] f : rows(policies, "id\tvalue_v1\tvalue_v2\tdocument", 4)) {
            if (!f[3].contains("{value}")) {
                throw new IllegalArgumentException(policies + ": document of " + f[0] + " has no {value}");
            }
            facts.add(new Fact(f[0], f[1], f[2], f[3]));
        }
        List<Question> qs = new ArrayList<>();
        for (String[] f : rows(questions, "id\tsplit\tquestion", 3)) {
            if (!f[1].equals("train") && !f[1].equals("test")) {
                throw new IllegalArgumentException(questions + ": split must be train or test, got '" + f[1] + "'");
            }
            qs.add(new Question(f[0], f[1].equals("test"), f[2]));
        }
        return new PolicyCorpus(facts, qs);
    }

    private static List<String[]> rows(Path file, String header, int fields) {
        List<String> lines;
        try {
            lines = Files.readAllLines(file, StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + file, e);
        }
        List<String[]> out = new ArrayList<>();
        boolean seenHeader = false;
        for (int i = 0; i < lines.size(); i++) {
            String line = lines.get(i);
            if (line.isBlank() || line.startsWith("#")) {
                continue;
            }
            if (!seenHeader) {
                if (!line.equals(header)) {
                    throw new IllegalArgumentException(file + " line " + (i + 1) + ": expected header '" + header + "'");
                }
                seenHeader = true;
                continue;
            }
            String[] f = line.split("\t", -1);
            if (f.length != fields) {
                throw new IllegalArgumentException(file + " line " + (i + 1) + ": expected " + fields
                        + " tab-separated fields, got " + f.length);
            }
            out.add(f);
        }
        return out;
    }

    public List<Fact> facts() {
        return facts;
    }

    public Fact fact(String id) {
        Fact f = byId.get(id);
        if (f == null) {
            throw new IllegalArgumentException("id must name a policy fact such as f01, got '" + id + "'");
        }
        return f;
    }

    /** The held-out questions (true) or the training questions (false). */
    public List<Question> questions(boolean heldOut) {
        return questions.stream().filter(q -> q.heldOut() == heldOut).toList();
    }
}
