package quantlab.grading;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * How many points a graded test is worth. The grader awards them when the test passes and nothing when it
 * fails or errors; a test without this annotation is worth one point.
 */
@Documented
@Retention(RetentionPolicy.RUNTIME)
@Target(ElementType.METHOD)
public @interface Points {

    /** Points for passing this test; must be positive. */
    int value();
}
