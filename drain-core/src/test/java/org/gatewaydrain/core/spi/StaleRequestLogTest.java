package org.gatewaydrain.core.spi;

import static org.assertj.core.api.Assertions.assertThat;

import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import java.time.Instant;
import org.gatewaydrain.core.DrainRequest;
import org.gatewaydrain.core.DrainSignal;
import org.gatewaydrain.core.StaleReason;
import org.junit.jupiter.api.Test;
import org.slf4j.LoggerFactory;

class StaleRequestLogTest {

    @Test
    void aStaleRequest_isLoggedOncePerDistinctRequest() {
        Logger logger = (Logger) LoggerFactory.getLogger(StaleRequestLog.class);
        ListAppender<ILoggingEvent> logged = new ListAppender<>();
        logged.start();
        logger.addAppender(logged);
        StaleRequestLog log = new StaleRequestLog("the marker");
        DrainSignal first = new DrainSignal.Stale(DrainRequest.of("a", Instant.EPOCH), StaleReason.MAX_AGE, "too old");
        DrainSignal second = new DrainSignal.Stale(DrainRequest.of("b", Instant.EPOCH), StaleReason.EPOCH, "other boot");
        try {
            assertThat(log.note(first)).isSameAs(first);
            log.note(first);
            log.note(DrainSignal.ABSENT);
            log.note(second);
            log.note(second);
        } finally {
            logger.detachAppender(logged);
        }

        assertThat(logged.list).extracting(ILoggingEvent::getFormattedMessage).containsExactly(
                "Ignoring the drain request in the marker by a (max_age): too old",
                "Ignoring the drain request in the marker by b (epoch): other boot");
    }

    @Test
    void whatCameFromAMarkerOrANode_isEscaped_soItCannotForgeALogLine() {
        Logger logger = (Logger) LoggerFactory.getLogger(StaleRequestLog.class);
        ListAppender<ILoggingEvent> logged = new ListAppender<>();
        logged.start();
        logger.addAppender(logged);
        String forged = "ops\n2026-01-01 INFO Drain cancelled by admin";
        DrainSignal stale = new DrainSignal.Stale(DrainRequest.of(forged, Instant.EPOCH),
                StaleReason.EPOCH, "epoch \u001b[2Jboot-2");
        try {
            new StaleRequestLog("the marker").note(stale);
        } finally {
            logger.detachAppender(logged);
        }

        assertThat(logged.list).singleElement().extracting(ILoggingEvent::getFormattedMessage).isEqualTo(
                "Ignoring the drain request in the marker by ops\\u000a2026-01-01 INFO Drain cancelled by admin"
                        + " (epoch): epoch \\u001b[2Jboot-2");
    }
}
