package tally.http;

/** Whether a path names one of the files Javalin's static handler serves: the jar's /public folder and uPlot's WebJar. */
final class PublicFiles {

    private PublicFiles() {
    }

    static boolean has(String path) {
        if (path.equals("/")) {
            return true; // index.html
        }
        if (path.endsWith("/") || path.contains("..") || path.contains("//") || path.indexOf('\\') >= 0) {
            return false;
        }
        String resource = path.startsWith("/webjars/") ? "META-INF/resources" + path : "public" + path;
        return PublicFiles.class.getClassLoader().getResource(resource) != null;
    }
}
