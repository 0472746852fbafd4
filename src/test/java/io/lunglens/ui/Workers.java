package io.lunglens.ui;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.lang.reflect.Field;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.testfx.util.WaitForAsyncUtils;

/**
 * Waits until the background work a controller or view model queued has ended and its results reached the FX
 * thread: the event after which "nothing else happened" can be asserted. Its runners are private fields.
 */
public final class Workers {

    private Workers() {
    }

    public static void awaitQueued(Object owner) throws Exception {
        List<FxJobRunner> runners = new ArrayList<>();
        for (Field f : owner.getClass().getDeclaredFields()) {
            if (f.getType() == FxJobRunner.class) {
                f.setAccessible(true);
                runners.add((FxJobRunner) f.get(owner));
            }
        }
        assertFalse(runners.isEmpty(), owner.getClass() + " has no FxJobRunner");
        // A result's handler may queue the next job (load, then verdict, then shortcut check): three rounds.
        for (int round = 0; round < 3; round++) {
            for (FxJobRunner r : runners) {
                assertTrue(r.awaitQueued(60, TimeUnit.SECONDS), "background work still running after 60 s");
            }
            WaitForAsyncUtils.waitForFxEvents();
        }
    }
}
