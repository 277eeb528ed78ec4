package org.dflib.jjava;

import org.dflib.jjava.jupyter.kernel.BaseKernel;

/**
 * A stand-in with the shape of JJava's entry point up to 1.0-a5: {@code JJava.getKernelInstance()} returns the
 * running kernel, which displays with {@code display(DisplayData)} (here the same stand-in kernel class).
 */
public final class JJava {

    /** What a test sets as "the running kernel" of this older API; null means none. */
    public static volatile BaseKernel running;

    public static BaseKernel getKernelInstance() {
        return running;
    }
}
