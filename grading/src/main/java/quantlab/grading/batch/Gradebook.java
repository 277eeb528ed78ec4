package quantlab.grading.batch;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;

import quantlab.grading.TestResult;

/**
 * The class's gradebook as CSV: one row per student and chapter (students sorted by id, then chapters), with the
 * student, chapter, points, maximum, grading status, and one column per test, visible tests first, then hidden,
 * each sorted by class and method. A test column is headed {@code ch01 MemoryMathTest.method (2)} (hidden:
 * {@code ch01 hidden ...}) with the test's points in brackets, and holds the points earned. No timestamps:
 * the same grades give the same bytes.
 */
public final class Gradebook {

    /** The fixed columns before the test columns. */
    public static final List<String> FIXED = List.of("student", "chapter", "points", "maximum", "status");

    private Gradebook() {
    }

    /** The CSV text for {@code grades}, with test columns for every chapter in {@code catalogues}. */
    public static String csv(List<ChapterGrade> grades, Map<Integer, TestCatalogue> catalogues) {
        List<String> header = new ArrayList<>(FIXED);
        for (TestCatalogue catalogue : catalogues.values().stream()
                .sorted(Comparator.comparingInt(TestCatalogue::chapter)).toList()) {
            catalogue.visible().forEach(test -> header.add(column(catalogue.chapter(), false, test)));
            catalogue.hidden().forEach(test -> header.add(column(catalogue.chapter(), true, test)));
        }
        StringBuilder csv = new StringBuilder(Csv.line(header));
        List<ChapterGrade> rows = grades.stream()
                .sorted(Comparator.comparing(ChapterGrade::student).thenComparingInt(ChapterGrade::chapter))
                .toList();
        for (ChapterGrade grade : rows) {
            List<String> row = new ArrayList<>(List.of(grade.student(), String.valueOf(grade.chapter()),
                    String.valueOf(grade.points()), String.valueOf(grade.maximum()), grade.status().label()));
            Map<String, Integer> earned = new java.util.HashMap<>();
            grade.visible().forEach(t -> earned.put(column(grade.chapter(), false, t), t.pointsEarned()));
            grade.hidden().forEach(t -> earned.put(column(grade.chapter(), true, t), t.pointsEarned()));
            for (String column : header.subList(FIXED.size(), header.size())) {
                Integer points = earned.get(column);
                row.add(points == null ? "" : String.valueOf(points));
            }
            csv.append(Csv.line(row));
        }
        return csv.toString();
    }

    /** The header of one test's column. */
    static String column(int chapter, boolean hidden, TestResult test) {
        return String.format("ch%02d %s%s (%d)", chapter, hidden ? "hidden " : "", test.name(), test.maxPoints());
    }
}
