package qap.search;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Collection;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.CountDownLatch;

import org.opensearch.analysis.common.CommonAnalysisPlugin;
import org.opensearch.common.settings.Settings;
import org.opensearch.core.common.transport.TransportAddress;
import org.opensearch.http.HttpServerTransport;
import org.opensearch.index.reindex.ReindexPlugin;
import org.opensearch.node.InternalSettingsPreparer;
import org.opensearch.node.Node;
import org.opensearch.painless.PainlessPlugin;
import org.opensearch.plugins.Plugin;
import org.opensearch.transport.Netty4Plugin;

/**
 * Starts one OpenSearch node on 127.0.0.1 with the modules on the classpath, prints
 * "listening on URL" once the cluster answers, and stops on SIGTERM/SIGINT, when stdin
 * closes (--stop-on-eof) or when the process that started it dies (--parent-pid).
 *
 * Usage: SearchNode --port N (0 picks a free port) --data DIR [--timeout SECONDS] [--parent-pid PID] [--stop-on-eof]
 */
public final class SearchNode {

    private static final List<Class<? extends Plugin>> MODULES =
        List.of(Netty4Plugin.class, CommonAnalysisPlugin.class, PainlessPlugin.class, ReindexPlugin.class);

    /** Node's plugin constructor is protected: embedding is done through a subclass. */
    private static final class EmbeddedNode extends Node {
        EmbeddedNode(Settings settings, Collection<Class<? extends Plugin>> plugins) {
            super(InternalSettingsPreparer.prepareEnvironment(settings, Collections.emptyMap(), null, () -> "qap-node"),
                plugins, true);
        }
    }

    public static void main(String[] args) throws Exception {
        int port = 9200;
        Path data = null;
        long parentPid = -1;
        boolean stopOnEof = false;
        int timeoutSeconds = 180;
        for (int i = 0; i < args.length; i++) {
            switch (args[i]) {
                case "--port" -> port = Integer.parseInt(args[++i]);
                case "--data" -> data = Path.of(args[++i]).toAbsolutePath();
                case "--parent-pid" -> parentPid = Long.parseLong(args[++i]);
                case "--stop-on-eof" -> stopOnEof = true;
                case "--timeout" -> timeoutSeconds = Integer.parseInt(args[++i]);
                default -> fail("unknown argument " + args[i]);
            }
        }
        if (data == null) {
            fail("--data DIR is required");
        }
        Files.createDirectories(data.resolve("data"));
        Files.createDirectories(data.resolve("logs"));

        Settings settings = Settings.builder()
            .put("cluster.name", "qap-test")
            .put("node.name", "qap-node")
            .put("path.home", data.toString())
            .put("path.data", data.resolve("data").toString())
            .put("path.logs", data.resolve("logs").toString())
            .put("network.host", "127.0.0.1")
            .put("http.port", port == 0 ? "0" : Integer.toString(port))
            .put("transport.port", "0")
            .put("http.type", "netty4")
            .put("transport.type", "netty4")
            .put("discovery.type", "single-node")
            // A test machine's disk may be fuller than a cluster's watermarks allow.
            .put("cluster.routing.allocation.disk.threshold_enabled", false)
            .put("action.auto_create_index", true)
            .build();

        CountDownLatch ready = new CountDownLatch(1);
        int limit = timeoutSeconds;
        Thread startWatch = new Thread(() -> {
            try {
                if (!ready.await(limit, java.util.concurrent.TimeUnit.SECONDS)) {
                    System.err.println("opensearch-node: no answer within " + limit + " s; stopping");
                    Runtime.getRuntime().halt(3);
                }
            } catch (InterruptedException ignored) {
                // the node is exiting anyway
            }
        }, "qap-node-start-timeout");
        startWatch.setDaemon(true);
        startWatch.start();

        Node node = new EmbeddedNode(settings, MODULES);
        CountDownLatch stopped = new CountDownLatch(1);
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            try {
                node.close();
            } catch (Exception e) {
                System.err.println("error while stopping: " + e);
            }
            stopped.countDown();
        }, "qap-node-shutdown"));
        node.start();

        TransportAddress bound = node.injector().getInstance(HttpServerTransport.class).boundAddress().publishAddress();
        String url = "http://127.0.0.1:" + bound.getPort();
        waitForYellow(url);
        ready.countDown();
        System.out.println("OpenSearch " + org.opensearch.Version.CURRENT + " listening on " + url);
        System.out.flush();

        if (parentPid > 0) {
            ProcessHandle.of(parentPid).ifPresentOrElse(
                parent -> parent.onExit().thenRun(() -> System.exit(0)),
                () -> System.exit(0));
        }
        if (stopOnEof) {
            Thread watcher = new Thread(() -> {
                try {
                    while (System.in.read() != -1) {
                        // keep reading until the other end closes
                    }
                } catch (Exception ignored) {
                    // a closed stream ends the node like EOF
                }
                System.exit(0);
            }, "qap-node-stdin");
            watcher.setDaemon(true);
            watcher.start();
        }
        stopped.await();
    }

    private static void waitForYellow(String url) throws Exception {
        HttpClient client = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
        HttpRequest request = HttpRequest.newBuilder(URI.create(url + "/_cluster/health?wait_for_status=yellow&timeout=60s"))
            .timeout(Duration.ofSeconds(70)).build();
        HttpResponse<String> response = client.send(request, HttpResponse.BodyHandlers.ofString());
        if (response.statusCode() != 200) {
            fail("cluster health answered " + response.statusCode() + ": " + response.body());
        }
    }

    private static void fail(String message) {
        System.err.println("opensearch-node: " + message);
        System.exit(2);
    }
}
