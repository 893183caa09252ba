package tally;

import java.util.concurrent.CountDownLatch;
import sun.misc.Signal;

/**
 * Stops Tally once, in order, and keeps the JVM alive until the stop has finished. SIGTERM and Ctrl-C
 * only wake the main thread, which runs the stop and exits 0: a signal handler's thread is a daemon, and
 * the JVM would halt half-way through a stop run there as soon as the last other thread (the hit writer)
 * ended. Any other orderly exit runs the stop in a shutdown hook, which the JVM waits for.
 */
final class Shutdown {

    private final Runnable stop;
    private final CountDownLatch requested = new CountDownLatch(1);
    private boolean stopped;

    Shutdown(Runnable stop) {
        this.stop = stop;
        Runtime.getRuntime().addShutdownHook(new Thread(this::stopOnce, "tally-shutdown"));
        for (String name : new String[] {"TERM", "INT"}) {
            Signal.handle(new Signal(name), signal -> requested.countDown());
        }
    }

    /** Waits on the calling (non-daemon) thread for SIGTERM or Ctrl-C, stops, and exits 0. */
    void awaitSignalThenExit() {
        try {
            requested.await();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        stopOnce();
        System.exit(0);
    }

    private synchronized void stopOnce() {
        if (!stopped) {
            stopped = true;
            stop.run();
        }
    }
}
