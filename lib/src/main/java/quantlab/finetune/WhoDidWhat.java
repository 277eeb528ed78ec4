package quantlab.finetune;

import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;

/**
 * Chapter 11's task, written for the course: in a sentence with one person and one animal, who did it? Label 0
 * when the person acts on the animal ("The baker chased the goat."), 1 when the animal acts on the person ("The
 * goat chased the baker."). Every sentence is generated together with its mirror (the two nouns swapped, the label
 * flipped), so both sentences hold the same words: a model that sees only which words occur, and not who is
 * doing what to whom, is at chance. Frozen mean-pooled sentence embeddings are close to such a model.
 *
 * <p>The split is by vocabulary and template: held-out sentences use persons, animals, verbs and sentence frames
 * that never occur in training, so a model cannot win by remembering a word or a frame; it has to read the
 * structure. Some frames are passive ("The goat was chased by the baker."), where the doer comes last, so the
 * task is not "is the first noun a person".
 */
public final class WhoDidWhat {

    /** The two classes. */
    public static final List<String> LABELS = List.of("person acts on animal", "animal acts on person");

    /** Words and frames of one side of the split. {@code {s}} is the doer, {@code {o}} the one acted on. */
    public record Vocabulary(List<String> persons, List<String> animals, List<String> verbs, List<String> frames) {
    }

    /** Training side. */
    public static final Vocabulary TRAIN = new Vocabulary(
            List.of("farmer", "teacher", "doctor", "soldier", "baker", "sailor", "nurse", "driver", "singer",
                    "miner", "judge", "waiter"),
            List.of("dog", "horse", "goat", "wolf", "bear", "cat", "fox", "cow", "pig", "duck", "mouse", "camel"),
            List.of("chased", "followed", "watched", "pushed", "kicked", "scared", "noticed", "ignored", "pulled",
                    "carried"),
            List.of("The {s} {v} the {o}.",
                    "Yesterday the {s} {v} the {o} near the barn.",
                    "In the morning, the {s} {v} the {o} again.",
                    "The {o} was {v} by the {s}.",
                    "Everyone saw that the {o} was {v} by the {s} at noon."));

    /** Held-out side: no word or frame here occurs in {@link #TRAIN}. */
    public static final Vocabulary TEST = new Vocabulary(
            List.of("lawyer", "pilot", "student", "priest", "dancer", "hunter", "clerk", "tailor", "guard",
                    "painter"),
            List.of("tiger", "rabbit", "donkey", "lion", "sheep", "monkey", "goose", "deer", "rat", "zebra"),
            List.of("bit", "licked", "grabbed", "hugged", "dragged", "attacked", "pinched", "tripped"),
            List.of("Last night, the {s} quietly {v} the {o}.",
                    "I think the {s} {v} the {o} by the river.",
                    "According to the report, the {o} was {v} by the {s}.",
                    "On Sunday the {o} got {v} by the {s}."));

    private WhoDidWhat() {
    }

    /**
     * {@code pairs} sentence pairs from {@code vocabulary} drawn with {@code seed}: each pair is a sentence and its
     * mirror, so the result holds {@code 2 pairs} examples, half of each label. The group of an example names its
     * frame, so a split's two sides can be checked for shared frames.
     */
    public static List<Example> generate(Vocabulary vocabulary, int pairs, long seed) {
        if (vocabulary == null) {
            throw new IllegalArgumentException("vocabulary must not be null, got null");
        }
        if (pairs < 1) {
            throw new IllegalArgumentException("pairs must be at least 1, got " + pairs);
        }
        SplittableRandom random = new SplittableRandom(seed);
        List<Example> out = new ArrayList<>();
        for (int i = 0; i < pairs; i++) {
            String person = pick(vocabulary.persons(), random);
            String animal = pick(vocabulary.animals(), random);
            String verb = pick(vocabulary.verbs(), random);
            int f = random.nextInt(vocabulary.frames().size());
            String frame = vocabulary.frames().get(f);
            String group = "frame " + f + ": " + frame;
            out.add(new Example(fill(frame, person, verb, animal), 0, group));
            out.add(new Example(fill(frame, animal, verb, person), 1, group));
        }
        return out;
    }

    /** The frame with its doer, verb and the one acted on put in. */
    static String fill(String frame, String doer, String verb, String object) {
        return frame.replace("{s}", doer).replace("{v}", verb).replace("{o}", object);
    }

    private static String pick(List<String> words, SplittableRandom random) {
        return words.get(random.nextInt(words.size()));
    }
}
