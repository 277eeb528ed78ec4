package org.rapaio.jupyter.kernel.channels;

/*
 * quantlab's replacement for rapaio-jupyter-kernel 3.0.1's LoopThread, placed before the kernel's jar on the
 * kernel's class path by bin/setup.sh (install_kernel), which compiles it into build/kernel/patch.
 *
 * Why: the original start() calls Thread.start() and only then sets running = true. When the new thread is
 * scheduled first, its loop sees running == false and ends at once; if that thread is the shell channel's, the
 * kernel binds its sockets but never answers, and Jupyter waits until it times out (2 starts in 12 here, more
 * on a loaded machine). Setting the flag before the thread starts removes the race. Same public API as the
 * original: the constructor, start(), shutdown() and the Thread methods the channels use (join).
 */
public final class LoopThread extends Thread {

    private volatile boolean running;
    private final long sleepMillis;
    private final Runnable body;

    public LoopThread(String name, long sleep, Runnable loopBody) {
        super(name);
        this.sleepMillis = sleep;
        this.body = loopBody;
    }

    @Override
    public void run() {
        while (running) {
            body.run();
            try {
                Thread.sleep(sleepMillis);
            } catch (InterruptedException e) {
                running = false;
                return;
            }
        }
    }

    @Override
    public synchronized void start() {
        running = true;
        super.start();
    }

    public void shutdown() {
        running = false;
    }
}
