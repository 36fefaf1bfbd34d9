package org.gatewaydrain.transport.file;

import java.nio.file.Path;
import org.gatewaydrain.core.DrainSignal;
import org.gatewaydrain.core.GatewayHome;
import org.gatewaydrain.core.spi.Staleness;
import org.gatewaydrain.core.spi.WireFormat;

/**
 * Classifies whatever is at the marker path. Fail-safe toward quiescing: anything there that
 * is not a readable request (corrupt, empty, oversized, a folder, a link, a FIFO, unreadable,
 * a read that does not finish in time) reads as {@link DrainSignal.Unreadable}; the home
 * folder itself gone reads as {@link DrainSignal.Unknown}, never as "no request". Never
 * throws; thread-safe.
 */
final class MarkerReader {

    /** Larger markers are not parsed: nobody writes a 64 KiB drain request by accident. */
    static final int MAX_BYTES = 64 * 1024;

    private final Path marker;
    private final Staleness staleness;
    private final BoundedRead reads;

    MarkerReader(Path marker, Staleness staleness, BoundedRead reads) {
        this.marker = marker;
        this.staleness = staleness;
        this.reads = reads;
    }

    DrainSignal read() {
        BoundedRead.Outcome outcome = reads.read(marker);
        if (outcome instanceof BoundedRead.Outcome.Bytes file) {
            JsonCodec.Decoded decoded = JsonCodec.decode(file.bytes(), "the marker");
            if (decoded instanceof JsonCodec.Decoded.Object object) {
                return WireFormat.decodeRequest(object.fields(), file.modified()).judge(staleness);
            }
            return new DrainSignal.Unreadable(((JsonCodec.Decoded.Invalid) decoded).why());
        }
        if (outcome instanceof BoundedRead.Outcome.Missing) {
            return DrainSignal.ABSENT;
        }
        if (outcome instanceof BoundedRead.Outcome.FolderGone gone) {
            return new DrainSignal.Unknown("the home folder " + marker.getParent() + " cannot be reached: " + gone.why());
        }
        if (outcome instanceof BoundedRead.Outcome.NotAFile other) {
            return new DrainSignal.Unreadable("the marker is " + other.what());
        }
        if (outcome instanceof BoundedRead.Outcome.TooLarge) {
            return new DrainSignal.Unreadable("the marker is larger than " + MAX_BYTES / 1024 + " KiB");
        }
        if (outcome instanceof BoundedRead.Outcome.TimedOut) {
            return new DrainSignal.Unreadable("the marker could not be read in time");
        }
        return new DrainSignal.Unreadable("the marker cannot be read: "
                + GatewayHome.describe(((BoundedRead.Outcome.Failed) outcome).cause()));
    }
}
