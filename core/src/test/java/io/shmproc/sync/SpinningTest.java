package io.shmproc.sync;

import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

/**
 * The spin before a sleep lasts what {@link Spinning#SPIN_NANOS} says, however long its yields take. A
 * yield costs far more than a round of pure spinning, so a spin that counted each yield as a fixed
 * number of rounds ended after a fraction of its time, and the waiter it should have kept awake slept
 * and had to be woken (the round trip then paid two wake-ups instead of one).
 */
class SpinningTest {
    @Test
    void aSpinThatNeverSeesItsConditionLastsAtLeastTheSpinTimeAndNeverCountsPastTheLastRound() {
        for (int attempt = 0; attempt < 5; attempt++) {
            long start = System.nanoTime();
            int pauses = 0;
            for (int round = 0; round < Spinning.SPINS; round++) {
                round += Spinning.pause(round);
                pauses++;
                assertTrue(round < Spinning.SPINS, "a pause took the count to " + round + ", past the last round " + (Spinning.SPINS - 1));
            }
            long took = System.nanoTime() - start;
            // a lower bound only: a loaded machine makes the spin longer, never shorter. Each round counts
            // for no more time than it took (a pure round for the fastest one measured, a yield for its
            // own duration), so the spin lasts its whole time; the tenth spared is rounding
            assertTrue(took >= Spinning.SPIN_NANOS * 9 / 10, "the spin ended after " + took / 1_000 + " us (" + pauses
                    + " pauses), short of the " + Spinning.SPIN_NANOS / 1_000 + " us it stands for");
        }
    }

    @Test
    void theSpinStartsPureForAboutOneYieldThenYields() {
        assertTrue(Spinning.PURE_SPIN_NANOS >= 100 && Spinning.PURE_SPIN_NANOS <= 2_500, "pure spin of " + Spinning.PURE_SPIN_NANOS + " ns");
        assertTrue(Spinning.PURE_SPINS >= 1 && Spinning.PURE_SPINS < Spinning.SPINS,
                Spinning.PURE_SPINS + " pure rounds of " + Spinning.SPINS);
    }
}
