package tally.count;

/** What the hit writer tells an observer (the metrics) about its work; called on the writer's own threads. */
public interface WriterEvents {

    /** Does nothing: the writer's observer until one is set. */
    WriterEvents NONE = new WriterEvents() {
        @Override
        public void committed(int hits, int counted, long commitNanos) {
        }

        @Override
        public void durable(long syncNanos) {
        }
    };

    /** A batch of {@code hits} committed in {@code commitNanos}; {@code counted} of them counted, the rest were suppressed reloads. */
    void committed(int hits, int counted, long commitNanos);

    /** Committed batches were made durable (fsynced) in {@code syncNanos}. */
    void durable(long syncNanos);
}
