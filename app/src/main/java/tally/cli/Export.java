package tally.cli;

import java.io.BufferedOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.io.PrintStream;
import java.nio.channels.Channels;
import java.nio.channels.FileChannel;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import tally.Config;
import tally.admin.Admin;
import tally.store.Storage;
import tally.store.sqlite.Backups;
import tally.StorageException;

/** {@code export [--format=csv|json] [FILE]}: writes every counter and day of TALLY_DB in the import format. */
final class Export implements Command {

    @Override
    public String arguments() {
        return "[--format=csv|json] [FILE]";
    }

    @Override
    public String summary() {
        return "write TALLY_DB's counters and days to FILE (default: standard output) in the import format (stop the server first)";
    }

    @Override
    public int run(List<String> args, Map<String, String> env, PrintStream out, PrintStream err) {
        Arguments a = new Arguments("export", this, args);
        Admin.ExportFormat format = Admin.ExportFormat.CSV;
        for (String f : a.options("--format")) {
            if (!f.equals("csv") && !f.equals("json")) {
                throw Arguments.misuse("--format must be csv or json, not '" + f + "'");
            }
            format = f.equals("csv") ? Admin.ExportFormat.CSV : Admin.ExportFormat.JSON;
        }
        Path file = a.optionalFile();
        Config config = Arguments.config(env);
        if (file != null) {
            Arguments.requireWritable(file);
        }
        String database = config.counting().describe();
        Path sqlite = config.counting().database();
        if (sqlite != null && !Files.isRegularFile(sqlite)) {
            err.println("tally: TALLY_DB=" + database + ": no such file");
            return 1;
        }
        try {
            if (sqlite != null) {
                Backups.requireStopped(sqlite);
            }
            try (Storage storage = Storage.open(config)) {
                if (file == null) {
                    Admin.export(storage.counters(), out, format);
                    out.flush();
                } else {
                    write(storage, format, file.toAbsolutePath());
                    err.println("Exported TALLY_DB=" + database + " to " + file);
                }
                return 0;
            }
        } catch (FileAlreadyExistsException e) {
            err.println("tally: " + file + " exists: not overwritten (export writes a new file: move it away, or name another)");
            return 1;
        } catch (StorageException | IOException e) {
            err.println("tally: export of TALLY_DB=" + database + " refused: " + e.getMessage());
            return 1;
        }
    }

    /**
     * Writes the export to a hidden file beside {@code file}, fsynced, and renames it into place only when it is
     * whole: a write that fails (a full disk, {@code ulimit -f}) leaves nothing behind, not half an export.
     */
    private static void write(Storage storage, Admin.ExportFormat format, Path file) throws IOException {
        if (Files.exists(file, LinkOption.NOFOLLOW_LINKS)) {
            throw new FileAlreadyExistsException(file.toString());
        }
        Path partial = file.resolveSibling("." + file.getFileName() + "." + UUID.randomUUID() + ".partial");
        try {
            try (FileChannel channel = FileChannel.open(partial, StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE);
                 OutputStream o = new BufferedOutputStream(Channels.newOutputStream(channel), 1 << 16)) {
                Admin.export(storage.counters(), o, format);
                o.flush();
                channel.force(true);
            }
            Files.move(partial, file); // without REPLACE_EXISTING: a file that appeared meanwhile is kept
        } finally {
            Files.deleteIfExists(partial);
        }
    }
}
