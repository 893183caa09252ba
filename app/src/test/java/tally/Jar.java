package tally;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

/** One command of the real jar run to its end in a child JVM, such as {@code backup FILE}. */
record Jar(int exit, String out, String err) {

    static Jar run(Map<String, String> env, String... args) throws Exception {
        return run(List.of(), env, args);
    }

    /** The same under {@code ulimit -f} (blocks of 1 KB): a write past that size fails, as on a full disk. */
    static Jar runWithFileSizeLimit(int blocks, Map<String, String> env, String... args) throws Exception {
        return run(List.of("bash", "-c", "ulimit -f " + blocks + " && exec \"$@\"", "bash"), env, args);
    }

    private static Jar run(List<String> prefix, Map<String, String> env, String... args) throws Exception {
        List<String> command = new ArrayList<>(prefix);
        command.addAll(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-jar", System.getProperty("tally.jar", "target/tally.jar")));
        command.addAll(List.of(args));
        ProcessBuilder pb = new ProcessBuilder(command);
        pb.environment().putAll(env);
        Process p = pb.start();
        CompletableFuture<String> err = CompletableFuture.supplyAsync(() -> read(p.getErrorStream()));
        String out = read(p.getInputStream());
        if (!p.waitFor(60, TimeUnit.SECONDS)) {
            p.destroyForcibly();
            throw new AssertionError("tally " + String.join(" ", args) + " still running after 60 s");
        }
        return new Jar(p.exitValue(), out, err.get(10, TimeUnit.SECONDS));
    }

    private static String read(java.io.InputStream in) {
        try {
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (java.io.IOException e) {
            return e.toString();
        }
    }
}
