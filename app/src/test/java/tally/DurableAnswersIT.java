package tally;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * "Acknowledged means durable", seen in the system calls: the jar runs under strace, one client sends
 * hits one after another, and every answer must be written to its socket only after an fdatasync of the
 * WAL that began after the hit's WAL writes had returned. With TALLY_SYNC=normal the same check must
 * fail, which shows that it can.
 */
class DurableAnswersIT {

    private static final int HITS = 40;
    /** "1234 pwrite64(9</tmp/x/tally.db-wal>, ..." or a resumed call: "1234 <... fdatasync resumed>) = 0". */
    private static final Pattern CALL = Pattern.compile("^(\\d+) +(?:<\\.\\.\\. )?(\\w+)(.*)$");
    private static final Pattern SOCKET_PORT = Pattern.compile(":(\\d+)->");

    @TempDir
    Path dir;

    @Test
    void withFullSyncEveryAnswerFollowsAnFsyncOfItsHit() throws Exception {
        assertThat(unsyncedAnswers("full")).isEqualTo(0);
    }

    @Test
    void withNormalSyncAnswersDoNotWaitForAnFsync() throws Exception {
        assertThat(unsyncedAnswers("normal")).isEqualTo(HITS);
    }

    /** Runs the jar under strace with this TALLY_SYNC, sends the hits, and counts answers written before their fsync. */
    private int unsyncedAnswers(String sync) throws Exception {
        assumeTrue(straceWorks(), "strace cannot trace here (it needs ptrace)");
        Path trace = dir.resolve("trace-" + sync + ".txt");
        List<String> strace = List.of("strace", "-f", "--seccomp-bpf", "-yy", "-o", trace.toString(),
                "-e", "trace=pwrite64,pwritev,write,writev,sendto,sendmsg,fsync,fdatasync");
        int port;
        try (ChildTally tally = ChildTally.start(dir.resolve(sync + ".db"), Map.of("TALLY_SYNC", sync), strace)) {
            port = tally.port;
            for (int i = 1; i <= HITS; i++) {
                assertThat(tally.get("/count?url=durable.example.com").body()).isEqualTo(String.valueOf(i));
            }
            // Killing strace would leave the jar running untraced: stop the jar, and strace ends with it.
            tally.process.descendants().forEach(ProcessHandle::destroy);
            assertThat(tally.process.waitFor(20, TimeUnit.SECONDS)).as("strace and the jar stopped").isTrue();
        }
        return unsyncedAnswers(Files.readAllLines(trace), port);
    }

    /**
     * Walks the calls in the order strace saw them. An answer (a write to a socket on the server's port)
     * is unsynced unless an fsync of the WAL that began after the last WAL write has returned before it.
     */
    static int unsyncedAnswers(List<String> calls, int port) {
        Map<String, Integer> unfinished = new HashMap<>(); // thread -> position of its call that strace split
        int lastWalWrite = -1; // where the last WAL write returned
        int durableBefore = -1; // WAL writes that returned before this position are on the disk
        int answers = 0;
        int unsynced = 0;
        for (int at = 0; at < calls.size(); at++) {
            Matcher m = CALL.matcher(calls.get(at));
            if (!m.matches()) {
                continue;
            }
            String thread = m.group(1);
            String call = m.group(2);
            int began = at;
            String args = m.group(3);
            if (calls.get(at).contains("<... ")) { // the end of a call that began on an earlier line
                Integer start = unfinished.remove(thread);
                if (start == null) {
                    continue;
                }
                began = start;
                args = CALL.matcher(calls.get(start)).replaceFirst("$3") + args;
            } else if (args.contains("<unfinished ...>")) {
                unfinished.put(thread, at);
                if (!call.matches("write|writev|sendto|sendmsg")) {
                    continue; // a write of an answer counts from its start; anything else from its end
                }
            }
            boolean wal = args.contains("-wal>");
            if ((call.equals("fsync") || call.equals("fdatasync")) && wal && args.endsWith("= 0")) {
                durableBefore = Math.max(durableBefore, began);
            } else if (call.startsWith("pwrite") && wal) {
                lastWalWrite = at;
            } else if (call.matches("write|writev|sendto|sendmsg") && began == at && isServerSocket(args, port)
                    && lastWalWrite >= 0) {
                answers++;
                if (durableBefore <= lastWalWrite) {
                    unsynced++;
                }
            }
        }
        assertThat(answers).as("answers seen in the trace").isGreaterThanOrEqualTo(HITS);
        return unsynced;
    }

    private static boolean isServerSocket(String call, int port) {
        Matcher m = SOCKET_PORT.matcher(call);
        return call.contains("TCP") && m.find() && Integer.parseInt(m.group(1)) == port;
    }

    private static boolean straceWorks() {
        try {
            Process p = new ProcessBuilder("strace", "-f", "--seccomp-bpf", "-e", "trace=fdatasync", "-o", "/dev/null", "true")
                    .redirectErrorStream(true).start();
            p.getInputStream().readAllBytes();
            return p.waitFor(10, TimeUnit.SECONDS) && p.exitValue() == 0;
        } catch (Exception e) {
            return false;
        }
    }
}
