package quantlab.grading.runner;

import java.util.Map;

/**
 * Defines classes from bytes held in memory (the isolated test JVM's compiled graded code and tests). Nothing it
 * loads has a file behind it, so graded code cannot reach test classes, or damage its own, through the disk.
 */
final class MemoryClassLoader extends ClassLoader {

    private final Map<String, byte[]> classes;

    MemoryClassLoader(Map<String, byte[]> classes, ClassLoader parent) {
        super("graded-code", parent);
        this.classes = Map.copyOf(classes);
    }

    @Override
    protected Class<?> findClass(String name) throws ClassNotFoundException {
        byte[] bytes = classes.get(name);
        if (bytes == null) {
            throw new ClassNotFoundException(name);
        }
        return defineClass(name, bytes, 0, bytes.length);
    }
}
