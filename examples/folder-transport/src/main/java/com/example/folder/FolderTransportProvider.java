package com.example.folder;

import java.nio.file.Path;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import org.gatewaydrain.core.spi.DrainTransport;
import org.gatewaydrain.core.spi.DrainTransportProvider;
import org.gatewaydrain.core.spi.TransportSettings;

/**
 * The {@code folder} transport: a drain request and a status as two JSON files in a folder
 * every process that takes part can see ({@code folder.path}). A transport written outside
 * Gateway Drain's own build, against its published artifacts, as a team would write one.
 */
public final class FolderTransportProvider implements DrainTransportProvider {

    /** The folder the processes share; default {@code <home>/folder-transport}. */
    public static final String PATH = "folder.path";

    /** How often each handle looks for changes; default 100 ms. */
    public static final String POLL_INTERVAL = "folder.poll_interval";

    static final Duration DEFAULT_POLL = Duration.ofMillis(100);

    @Override
    public String name() {
        return "folder";
    }

    @Override
    public Map<String, String> keys() {
        Map<String, String> keys = new LinkedHashMap<>();
        keys.put(PATH, "the folder the request and the status live in (default <home>/folder-transport)");
        keys.put(POLL_INTERVAL, "how often to look for changes (default 100ms, at most 10s)");
        return keys;
    }

    @Override
    public void validate(TransportSettings settings) {
        if (settings.get(PATH).filter(String::isBlank).isPresent()) {
            throw settings.invalid(PATH, "it must not be empty");
        }
        Duration poll = settings.duration(POLL_INTERVAL, DEFAULT_POLL);
        if (poll.isZero() || poll.compareTo(Duration.ofSeconds(10)) > 0) {
            throw settings.invalid(POLL_INTERVAL, "it must be longer than zero and at most 10s");
        }
    }

    @Override
    public DrainTransport open(TransportSettings settings) {
        validate(settings);
        Path folder = settings.get(PATH).map(Path::of).orElse(settings.home().resolve("folder-transport"));
        FolderFiles files = FolderFiles.open(folder);
        Duration poll = settings.duration(POLL_INTERVAL, DEFAULT_POLL);
        return DrainTransport.of(new FolderChannel(files, settings, poll), new FolderStatusStore(files, settings, poll));
    }
}
