import de.bwaldvogel.mongo.MongoBackend;
import de.bwaldvogel.mongo.MongoServer;
import de.bwaldvogel.mongo.backend.h2.H2Backend;
import de.bwaldvogel.mongo.backend.memory.MemoryBackend;

/**
 * Embedded MongoDB-wire server for development and tests (DESIGN §3).
 * Usage: java -cp <classpath> Launcher.java [h2-file]   (no file: in-memory backend)
 * Binds a free loopback port and prints "ready <port>". Exits when its standard input closes, so it never
 * outlives the script that started it.
 */
public class Launcher {
    public static void main(String[] args) throws Exception {
        MongoBackend backend = args.length > 0 ? new H2Backend(args[0]) : new MemoryBackend();
        MongoServer server = new MongoServer(backend);
        server.bind("127.0.0.1", 0);
        Runtime.getRuntime().addShutdownHook(new Thread(() -> { server.shutdownNow(); backend.close(); }));
        System.out.println("ready " + server.getLocalAddress().getPort());
        System.out.flush();
        while (System.in.read() != -1) { /* parent alive */ }
        System.exit(0);
    }
}
