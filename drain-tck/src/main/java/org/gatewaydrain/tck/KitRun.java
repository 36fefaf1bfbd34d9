package org.gatewaydrain.tck;

import static org.junit.platform.engine.discovery.DiscoverySelectors.selectClass;
import static org.junit.platform.engine.discovery.DiscoverySelectors.selectNestedClass;

import java.util.Arrays;
import java.util.List;
import org.junit.platform.engine.DiscoverySelector;
import org.junit.platform.engine.TestSource;
import org.junit.platform.engine.support.descriptor.MethodSource;
import org.junit.platform.testkit.engine.EngineTestKit;
import org.junit.platform.testkit.engine.Event;

/**
 * Runs a kit subclass in a JUnit engine of its own and says which checks failed: how the kit's
 * own tests show that each check fails a transport with the bug it guards against, and how a
 * transport's tests can show the same for a fault they inject. Blocks until the run ends.
 */
public final class KitRun {

    private KitRun() {
    }

    /**
     * @param kit a concrete subclass of {@link TransportCompatibilityKit}
     * @param groups the kit's groups to run by their simple names (e.g. {@code "Fleet"},
     *     {@code "DeadPublisher"}); none runs every check
     * @return the names of the check methods that failed or threw, once per failing invocation,
     *     in the order they ran; skipped checks are not failures
     * @throws IllegalArgumentException naming a group the kit does not have
     */
    public static List<String> failedChecks(Class<? extends TransportCompatibilityKit> kit, String... groups) {
        DiscoverySelector[] selectors = groups.length == 0 ? new DiscoverySelector[] {selectClass(kit)}
                : Arrays.stream(groups).map(group -> selectNestedClass(List.of(kit), group(group)))
                        .toArray(DiscoverySelector[]::new);
        return EngineTestKit.engine("junit-jupiter").selectors(selectors).execute()
                .testEvents().failed().stream().map(KitRun::methodName).toList();
    }

    private static Class<?> group(String name) {
        return Arrays.stream(TransportCompatibilityKit.class.getDeclaredClasses())
                .filter(nested -> nested.getSimpleName().equals(name)).findFirst()
                .orElseThrow(() -> new IllegalArgumentException("The kit has no group called " + name));
    }

    private static String methodName(Event event) {
        TestSource source = event.getTestDescriptor().getSource().orElse(null);
        return source instanceof MethodSource method ? method.getMethodName() : event.getTestDescriptor().getDisplayName();
    }
}
