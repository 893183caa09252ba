package tally.count;

/** What the hit writer tells an observer (the metrics) about its work; called on the writer's own threads. */
public interface WriterEvents {

    /** Does nothing: the writer's observer until one is set. */
    WriterEvents NONE = new WriterEvents() {
        @Override
        public void committed(int batch, int hits, int counted, long commitNanos) {
        }

        @Override
        public void durable(long syncNanos) {
        }
    };

    /**
     * A batch of {@code batch} hits and page views committed in {@code commitNanos}; of its {@code hits},
     * {@code counted} counted and the rest were suppressed reloads.
     */
    void committed(int batch, int hits, int counted, long commitNanos);

    /** Committed batches were made durable (fsynced) in {@code syncNanos}. */
    void durable(long syncNanos);
}
