package tongxin;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.CountDownLatch;

import org.neo4j.configuration.GraphDatabaseSettings;
import org.neo4j.configuration.SettingValueParsers;
import org.neo4j.configuration.connectors.BoltConnector;
import org.neo4j.configuration.helpers.SocketAddress;
import org.neo4j.harness.Neo4j;
import org.neo4j.harness.Neo4jBuilders;

/**
 * A Neo4j 5 Community server for tongxin's tests: in this JVM, Bolt only (no HTTP), on a free loopback port,
 * authentication off, its data under the directory given as the first argument.
 *
 * Prints one line, "bolt://127.0.0.1:PORT", on stdout once the server takes connections, then runs until
 * the process is killed (SIGTERM shuts the database down cleanly) or its stdin ends: the test session
 * holds a pipe to it, so a session that dies without stopping it (SIGKILL, a crash) stops it too.
 * Everything else goes to stderr and to the logs under the data directory.
 *
 * Usage: java -jar target/neo4j-server.jar DATA_DIR [PAGE_CACHE, e.g. 256m] [FROM_DIR]
 *
 * FROM_DIR: start with a copy of the databases under FROM_DIR/data (e.g. the NEO4J_HOME a
 * `neo4j-admin database import full` wrote into; bench/bench_admin_import.py).
 */
public final class Neo4jServer {
    public static void main(String[] args) throws Exception {
        if (args.length < 1) {
            System.err.println("usage: java -jar neo4j-server.jar DATA_DIR [PAGE_CACHE] [FROM_DIR]");
            System.exit(2);
        }
        Path dir = Path.of(args[0]).toAbsolutePath();
        Files.createDirectories(dir);
        String pageCache = args.length > 1 ? args[1] : "256m";
        var builder = Neo4jBuilders.newInProcessBuilder(dir);
        if (args.length > 2) {
            builder = builder.copyFrom(Path.of(args[2]).toAbsolutePath());
        }
        Neo4j neo4j = builder
                .withDisabledServer()
                .withConfig(GraphDatabaseSettings.auth_enabled, false)
                .withConfig(BoltConnector.enabled, true)
                .withConfig(BoltConnector.listen_address, new SocketAddress("127.0.0.1", 0))
                .withConfig(GraphDatabaseSettings.pagecache_memory, SettingValueParsers.BYTES.parse(pageCache))
                // transaction timeouts are enforced by a monitor that looks every 2 s by default: a query
                // given 50 ms would run for up to 2 s before it is stopped
                .withConfig(GraphDatabaseSettings.transaction_monitor_check_interval, Duration.ofMillis(20))
                .build();
        CountDownLatch stopped = new CountDownLatch(1);
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            neo4j.close();
            stopped.countDown();
        }));
        System.out.println("bolt://127.0.0.1:" + neo4j.boltURI().getPort());
        System.out.flush();
        Thread stdin = new Thread(() -> {
            try {
                while (System.in.read() != -1) {
                    // nothing is sent: the pipe only tells that its other end is alive
                }
            } catch (java.io.IOException e) {
                // the pipe broke: the same as its end
            }
            System.exit(0);  // runs the shutdown hook
        });
        stdin.setDaemon(true);
        stdin.start();
        stopped.await();
    }
}
